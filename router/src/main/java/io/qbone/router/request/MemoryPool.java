package io.qbone.router.request;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * A node's finite quantum memory as reservations see it: a request's path reserves qubits here
 * for as long as it runs. A reservation that does not fit waits, first come first served, until
 * memory frees or its deadline passes; it is never over-committed.
 *
 * <p>Also integrates reserved qubit-time, for memory utilisation. Deterministic: waiting
 * reservations are served in arrival order, holdings iterate in key order.
 */
public final class MemoryPool implements MemoryUse {
  /** A reservation waiting for memory. */
  public record Waiting(ReservationKey key, int qubits, long expiresAtNs, Object payload) {}

  private final int capacity;
  private final TreeMap<ReservationKey, Integer> held = new TreeMap<>();
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private int reserved;
  private int peak;
  private long lastChangeNs;
  private double reservedQubitNs;

  public MemoryPool(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Reserves {@code qubits} for {@code key} now if they are free and nobody waits before it;
   * otherwise queues it (when it could ever fit) and returns false.
   *
   * @return true when reserved now
   */
  public boolean reserveOrWait(long nowNs, ReservationKey key, int qubits, long expiresAtNs,
      Object payload) {
    if (qubits > capacity) {
      return false;
    }
    if (waiting.isEmpty() && reserved + qubits <= capacity && !held.containsKey(key)) {
      take(nowNs, key, qubits);
      return true;
    }
    waiting.add(new Waiting(key, qubits, expiresAtNs, payload));
    return false;
  }

  /** Whether {@code qubits} can ever fit here. */
  public boolean fits(int qubits) {
    return qubits <= capacity;
  }

  private void take(long nowNs, ReservationKey key, int qubits) {
    advance(nowNs);
    reserved += qubits;
    peak = Math.max(peak, reserved);
    held.put(key, qubits);
  }

  /**
   * Frees what {@code key} holds (or drops it from the waiting line) and returns the waiting
   * reservations that now fit, in arrival order (already reserved).
   */
  public List<Waiting> release(long nowNs, ReservationKey key) {
    Integer q = held.remove(key);
    if (q != null) {
      advance(nowNs);
      reserved -= q;
    } else {
      waiting.removeIf(w -> w.key().equals(key));
    }
    return admitWaiting(nowNs);
  }

  /** Removes waiting reservations whose deadline is at or before now; returns them. */
  public List<Waiting> expire(long nowNs) {
    List<Waiting> out = new ArrayList<>();
    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
      Waiting w = it.next();
      if (w.expiresAtNs() <= nowNs) {
        it.remove();
        out.add(w);
      }
    }
    return out;
  }

  /** Frees everything (a crash loses the memory's contents); returns the keys held and waiting. */
  public List<ReservationKey> clear(long nowNs) {
    advance(nowNs);
    List<ReservationKey> keys = new ArrayList<>(held.keySet());
    for (Waiting w : waiting) {
      keys.add(w.key());
    }
    held.clear();
    waiting.clear();
    reserved = 0;
    return keys;
  }

  private List<Waiting> admitWaiting(long nowNs) {
    List<Waiting> admitted = new ArrayList<>();
    while (!waiting.isEmpty() && reserved + waiting.peekFirst().qubits() <= capacity) {
      Waiting w = waiting.pollFirst();
      take(nowNs, w.key(), w.qubits());
      admitted.add(w);
    }
    return admitted;
  }

  private void advance(long nowNs) {
    reservedQubitNs += (double) reserved * (nowNs - lastChangeNs);
    lastChangeNs = nowNs;
  }

  public boolean holds(ReservationKey key) {
    return held.containsKey(key);
  }

  /** Keys held now, ascending. */
  public List<ReservationKey> heldKeys() {
    return new ArrayList<>(held.keySet());
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public int inUse() {
    return reserved;
  }

  @Override
  public int peak() {
    return peak;
  }

  public int waitingCount() {
    return waiting.size();
  }

  @Override
  public double inUseQubitNs(long nowNs) {
    return reservedQubitNs + (double) reserved * (nowNs - lastChangeNs);
  }
}
