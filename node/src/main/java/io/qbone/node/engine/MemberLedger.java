package io.qbone.node.engine;

import io.qbone.protocol.v1.LpMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntConsumer;

/**
 * Book-keeping one cluster member shares between its LPs and its local coordinator: which LPs it
 * hosts, which of them have work at which virtual time, and how many inter-LP messages its LPs
 * sent and received. Window workers and LP entities update it directly instead of messaging the
 * local coordinator for every receipt, which would double the message count of a run.
 */
final class MemberLedger {
  private final AtomicReferenceArray<LogicalProcess> processes;
  /** LPs woken for the window being opened, one bit each; cleared as they are read out. */
  private final long[] wokenBits;
  private final WakeCalendar wakeups;
  /** The window being opened: how many LPs were woken, and the bitmap words they lie in. */
  private int wokenCount;
  private int firstWord;
  private int lastWord;
  private final IntConsumer markWoken = this::markWoken;
  private int hosted;
  private long sent;
  private long received;
  private long events;
  private long window;
  private String failure = "";
  private boolean failureByWatchdog;
  /** Per member: messages for its LPs sent in this epoch, waiting for the epoch's batch. */
  private final List<List<LpMessage>> outbox = new ArrayList<>();

  /**
   * @param lookaheadNs the window length, which the wake-up calendar's buckets match
   * @param members members of the run (outgoing batches are kept per member)
   */
  MemberLedger(int lpCount, long lookaheadNs, int members) {
    for (int m = 0; m < members; m++) {
      outbox.add(new ArrayList<>());
    }
    this.wakeups = new WakeCalendar(lookaheadNs);
    this.processes = new AtomicReferenceArray<>(lpCount);
    this.wokenBits = new long[(lpCount + 63) >>> 6];
  }

  /** The LP if this member hosts it, else null. */
  LogicalProcess local(int lp) {
    return processes.get(lp);
  }

  /** An LP started here; counts its InitLp as a receipt. */
  synchronized void registerInitialized(int lp, LogicalProcess process, long nextEventNs) {
    if (processes.get(lp) == null) {
      hosted++;
    }
    processes.set(lp, process);
    received++;
    if (nextEventNs >= 0) {
      wakeups.push(nextEventNs, lp);
    }
  }

  /** An LP whose model failed to start: its InitLp still counts as received. */
  synchronized void registerFailedStart() {
    received++;
  }

  /** A message from another member for virtual time {@code timeNs} reached LP {@code lp}. */
  synchronized void recordReceipt(int lp, long timeNs) {
    received++;
    // A malformed time is dropped by the LP when it drains its inbox; it still wakes it.
    wakeups.push(Math.max(0, timeNs), lp);
  }

  /**
   * A window worker finished its share of the LPs of a window: one lock for all of them.
   *
   * <p>Messages they sent to LPs of this member are counted as received here, at once: they sit
   * in the targets' inboxes, which each target drains when its next window opens. Only messages
   * that cross members are counted by their receivers.
   */
  synchronized void finishWindow(WindowTally tally) {
    if (tally.away != null) {
      for (int m = 0; m < tally.away.length; m++) {
        if (tally.away[m] != null) {
          outbox.get(m).addAll(tally.away[m]);
        }
      }
    }
    sent += tally.sent;
    received += tally.receivedLocally;
    events += tally.events;
    for (int i = 0; i < tally.wakes; i++) {
      wakeups.push(tally.wakeTimes[i], tally.wakeLps[i]);
    }
  }

  /**
   * What the LPs run by one worker in one window did to the member's counters, gathered without
   * locking: messages sent, messages delivered to LPs of this member, and new wake-ups (the
   * targets of those messages, and each LP's own next event).
   */
  static final class WindowTally {
    private long sent;
    private long receivedLocally;
    long events;
    private int[] wakeLps = new int[64];
    private long[] wakeTimes = new long[64];
    private int wakes;

    /** Per member: messages to its LPs, or null (allocated on the first one). */
    private List<LpMessage>[] away;

    @SuppressWarnings("unchecked")
    void away(int member, LpMessage m) {
      if (away == null || member >= away.length) {
        away = away == null ? new List[member + 1] : java.util.Arrays.copyOf(away, member + 1);
      }
      if (away[member] == null) {
        away[member] = new ArrayList<>();
      }
      away[member].add(m);
    }

    void sent(int target, long time, boolean local) {
      sent++;
      if (local) {
        receivedLocally++;
        wake(target, time);
      }
    }

    void wake(int lp, long time) {
      if (wakes == wakeLps.length) {
        wakeLps = java.util.Arrays.copyOf(wakeLps, wakes * 2);
        wakeTimes = java.util.Arrays.copyOf(wakeTimes, wakes * 2);
      }
      wakeLps[wakes] = lp;
      wakeTimes[wakes] = time;
      wakes++;
    }
  }

  /**
   * Starts window {@code w} ending at {@code endNs}; returns the hosted LPs with work before it,
   * each once, in LP index order (window runners hand out contiguous ranges of them).
   */
  synchronized int[] beginWindow(long w, long endNs) {
    window = w;
    wokenCount = 0;
    firstWord = wokenBits.length;
    lastWord = -1;
    wakeups.takeBefore(endNs, markWoken);
    int[] woken = new int[wokenCount];
    int k = 0;
    for (int word = firstWord; word <= lastWord; word++) {
      for (long bits = wokenBits[word]; bits != 0; bits &= bits - 1) {
        woken[k++] = (word << 6) + Long.numberOfTrailingZeros(bits);
      }
      wokenBits[word] = 0;
    }
    return woken;
  }

  private void markWoken(int lp) {
    int word = lp >>> 6;
    long bit = 1L << lp;
    if ((wokenBits[word] & bit) == 0) {
      wokenBits[word] |= bit;
      wokenCount++;
      firstWord = Math.min(firstWord, word);
      lastWord = Math.max(lastWord, word);
    }
  }

  /** Takes the messages for member {@code m}'s LPs gathered this epoch. */
  synchronized List<LpMessage> takeOutbox(int m) {
    List<LpMessage> out = outbox.get(m);
    if (out.isEmpty()) {
      return List.of();
    }
    outbox.set(m, new ArrayList<>());
    return out;
  }

  /**
   * Messages from another member's batch: into their targets' inboxes, counted as received and
   * woken at their times under one lock. A message for an LP this member does not host is a
   * placement mismatch between members, which fails the run (it is still counted, since its
   * sender counted it).
   */
  void receiveBatch(List<LpMessage> messages) {
    for (LpMessage m : messages) {
      int target = m.getTarget();
      LogicalProcess p = target >= 0 && target < processes.length() ? processes.get(target) : null;
      if (p == null) {
        recordFailure("a batch from another member holds a message for LP " + target
            + ", which this member does not host: the members' placements differ");
      } else {
        p.deliver(m);
      }
    }
    synchronized (this) {
      received += messages.size();
      for (LpMessage m : messages) {
        int target = m.getTarget();
        if (target >= 0 && target < processes.length() && processes.get(target) != null) {
          wakeups.push(m.getDeliverAtNs(), target);
        }
      }
    }
  }

  /** The earliest pending event of this member's LPs, or -1 if none. */
  synchronized long nextEventNs() {
    return wakeups.minTime();
  }

  /** Remembers the first model failure of this member; the run stops with it. */
  synchronized void recordFailure(String why) {
    recordFailure(why, false);
  }

  synchronized void recordFailure(String why, boolean byWatchdog) {
    if (failure.isEmpty()) {
      failure = why;
      failureByWatchdog = byWatchdog;
    }
  }

  synchronized Snapshot snapshot() {
    return new Snapshot(window, sent, received, wakeups.minTime(), hosted,
        failure, failureByWatchdog, events);
  }

  /** The counters at one instant, taken atomically. */
  record Snapshot(
      long window, long sent, long received, long nextEventNs, int hosted, String failure,
      boolean failureByWatchdog, long events) {}
}
