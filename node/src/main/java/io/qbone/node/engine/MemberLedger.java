package io.qbone.node.engine;

import com.google.protobuf.Message;
import io.qbone.protocol.v1.LpMessage;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Book-keeping one cluster member shares between its LPs and its local coordinator: which LPs it
 * hosts, which of them have work at which virtual time, and how many inter-LP messages its LPs
 * sent and received. LPs update it directly instead of messaging the local coordinator for every
 * receipt, which would double the message count of a run.
 */
final class MemberLedger {
  private final AtomicReferenceArray<ActorRef<Message>> hostedRefs;
  private final AtomicReferenceArray<Queue<LpMessage>> inboxes;
  private final int[] wokenInWindow;
  private final WakeHeap wakeups = new WakeHeap();
  private int hosted;
  private long sent;
  private long received;
  private int pending;
  private long window;
  private String failure = "";

  MemberLedger(int lpCount) {
    this.hostedRefs = new AtomicReferenceArray<>(lpCount);
    this.inboxes = new AtomicReferenceArray<>(lpCount);
    this.wokenInWindow = new int[lpCount];
  }

  /** The LP's actor if this member hosts it, else null. */
  ActorRef<Message> localRef(int lp) {
    return hostedRefs.get(lp);
  }

  /** The inbox of an LP hosted on this member, else null. */
  Queue<LpMessage> localInbox(int lp) {
    return inboxes.get(lp);
  }

  /** An LP started here; counts its InitLp as a receipt. */
  synchronized void registerInitialized(
      int lp, ActorRef<Message> ref, Queue<LpMessage> inbox, long nextEventNs) {
    if (hostedRefs.get(lp) == null) {
      hosted++;
    }
    hostedRefs.set(lp, ref);
    inboxes.set(lp, inbox);
    received++;
    if (nextEventNs >= 0) {
      wakeups.push(nextEventNs, lp);
    }
  }

  /** A message from another member for virtual time {@code timeNs} reached LP {@code lp}. */
  synchronized void recordReceipt(int lp, long timeNs) {
    received++;
    wakeups.push(timeNs, lp);
  }

  /**
   * A woken LP finished its window.
   *
   * <p>Messages it sent to LPs of this member are counted as received here, at once: they sit in
   * the targets' inboxes, which each target drains when its next window opens. Only messages
   * that cross members are counted by their receivers.
   *
   * @param nextEventNs its earliest remaining event, or -1
   * @param sentInWindow messages it sent while processing
   * @param local the messages among them that went to LPs of this member
   * @return true if it was the last woken LP of this member
   */
  synchronized boolean finishWindow(int lp, long nextEventNs, long sentInWindow, LocalSends local) {
    sent += sentInWindow;
    received += local.size();
    for (int i = 0; i < local.size(); i++) {
      wakeups.push(local.time(i), local.target(i));
    }
    if (nextEventNs >= 0) {
      wakeups.push(nextEventNs, lp);
    }
    return --pending == 0;
  }

  /** Messages one LP sent to LPs of its own member during a window. */
  static final class LocalSends {
    private int[] targets = new int[16];
    private long[] times = new long[16];
    private int size;

    void add(int target, long time) {
      if (size == targets.length) {
        targets = java.util.Arrays.copyOf(targets, size * 2);
        times = java.util.Arrays.copyOf(times, size * 2);
      }
      targets[size] = target;
      times[size] = time;
      size++;
    }

    int size() {
      return size;
    }

    int target(int i) {
      return targets[i];
    }

    long time(int i) {
      return times[i];
    }

    void clear() {
      size = 0;
    }
  }

  /** Starts window {@code w} ending at {@code endNs}; returns the hosted LPs with work before it. */
  synchronized int[] beginWindow(long w, long endNs) {
    window = w;
    int stamp = (int) w;
    int[] woken = new int[8];
    int n = 0;
    while (!wakeups.isEmpty() && wakeups.minTime() < endNs) {
      int lp = wakeups.pop();
      if (wokenInWindow[lp] != stamp) {
        wokenInWindow[lp] = stamp;
        if (n == woken.length) {
          woken = java.util.Arrays.copyOf(woken, n * 2);
        }
        woken[n++] = lp;
      }
    }
    pending = n;
    return java.util.Arrays.copyOf(woken, n);
  }

  /** Remembers the first model failure of this member; the run stops with it. */
  synchronized void recordFailure(String why) {
    if (failure.isEmpty()) {
      failure = why;
    }
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(window, sent, received, wakeups.isEmpty() ? -1 : wakeups.minTime(), hosted,
        failure);
  }

  synchronized int hostedCount() {
    return hosted;
  }

  /** The counters at one instant, taken atomically. */
  record Snapshot(
      long window, long sent, long received, long nextEventNs, int hosted, String failure) {}
}
