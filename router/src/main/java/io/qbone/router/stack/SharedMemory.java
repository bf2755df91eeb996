package io.qbone.router.stack;

import io.qbone.router.request.MemoryUse;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * A node's request memory under the shared and priority policies: free qubits are handed to the
 * circuits through the node one link pair at a time instead of being reserved per circuit.
 *
 * <p>A circuit asks for its whole per-node need at once (its qubits on both of its links at a
 * repeater), so a repeater never holds one side of a circuit while waiting for the other side's
 * qubit, and a circuit that loses one side's qubit while holding the other keeps the freed one:
 * inside a node no circuit can block another. When a circuit's whole unit is consumed (a swap, a
 * delivery), its qubits return here and the circuit asks again, behind those already waiting. Waiting circuits are served strictly in order — priority first (priority policy), then
 * first come — and the head of the line is never overtaken, so none starves. Cycles of waits
 * across nodes end at the requests' deadlines (and cutoffs), which close their circuits.
 *
 * <p>Deterministic: the order depends only on priorities and on the order of asks at this node.
 */
final class SharedMemory implements MemoryUse {
  /** Gives a circuit qubits on its left / right link (credits of its links' generators). */
  interface Grant {
    void grant(Circuit circuit, int left, int right);
  }

  private static final Comparator<Circuit> ORDER = Comparator
      .comparingInt((Circuit c) -> -c.priority)
      .thenComparingLong(c -> c.askSeq);

  private final int capacity;
  private final TreeSet<Circuit> waiting = new TreeSet<>(ORDER);
  private int free;
  private int peak;
  private long askSeq;
  private long lastChangeNs;
  private double inUseQubitNs;

  SharedMemory(int capacity) {
    this.capacity = capacity;
    this.free = capacity;
  }

  /**
   * The circuit wants {@code left} more qubits on its left link and {@code right} on its right
   * one; served at once if nobody waits before it and they are free. A circuit already waiting
   * keeps its place and waits for the sum.
   */
  void ask(long nowNs, Circuit c, int left, int right, Grant grant) {
    enqueue(c, left, right);
    serve(nowNs, grant);
  }

  /**
   * Qubits of a consumed pair come back and the circuit asks for them again, in one step. A
   * circuit that still holds the rest of its unit (a cutoff discarded one side's qubit, pumping
   * sacrificed a pair) keeps them at once: were it to queue for them while holding the rest, a
   * waiting circuit that needs more than is free would block it, and both would wait for each
   * other. A whole unit returned goes through the order: its new ask takes its place (behind
   * earlier asks of its priority) before anyone is served, so a higher-priority circuit keeps
   * what it returns.
   */
  void recycle(long nowNs, Circuit c, int left, int right, Grant grant) {
    if (c.granted > left + right) {
      grant.grant(c, left, right);
      return;
    }
    advance(nowNs);
    c.granted -= left + right;
    free += left + right;
    enqueue(c, left, right);
    serve(nowNs, grant);
  }

  private void enqueue(Circuit c, int left, int right) {
    boolean waits = c.askLeft + c.askRight > 0;
    c.askLeft += left;
    c.askRight += right;
    if (!waits) {
      c.askSeq = askSeq++;
      waiting.add(c);
    }
  }

  /** The circuit closes: what it held comes back and it waits no more. */
  void close(long nowNs, Circuit c, Grant grant) {
    if (c.askLeft + c.askRight > 0) {
      waiting.remove(c);
      c.askLeft = 0;
      c.askRight = 0;
    }
    advance(nowNs);
    free += c.granted;
    c.granted = 0;
    serve(nowNs, grant);
  }

  /** A crash: the memory's contents are lost and nobody waits. */
  void clear(long nowNs) {
    advance(nowNs);
    waiting.clear();
    free = capacity;
  }

  private void serve(long nowNs, Grant grant) {
    while (!waiting.isEmpty()) {
      Circuit head = waiting.first();
      int need = head.askLeft + head.askRight;
      if (need > free) {
        return;
      }
      waiting.pollFirst();
      advance(nowNs);
      free -= need;
      peak = Math.max(peak, capacity - free);
      head.granted += need;
      int left = head.askLeft;
      int right = head.askRight;
      head.askLeft = 0;
      head.askRight = 0;
      grant.grant(head, left, right);
    }
  }

  private void advance(long nowNs) {
    inUseQubitNs += (double) (capacity - free) * (nowNs - lastChangeNs);
    lastChangeNs = nowNs;
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public int inUse() {
    return capacity - free;
  }

  @Override
  public int peak() {
    return peak;
  }

  int waitingCount() {
    return waiting.size();
  }

  @Override
  public double inUseQubitNs(long nowNs) {
    return inUseQubitNs + (double) (capacity - free) * (nowNs - lastChangeNs);
  }
}
