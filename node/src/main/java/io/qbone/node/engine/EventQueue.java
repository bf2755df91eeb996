package io.qbone.node.engine;

import java.util.Arrays;

/**
 * An LP's pending events and messages in the engine's total order (time, origin LP, origin
 * sequence number), which makes processing independent of arrival order.
 *
 * <p>A 4-ary heap over parallel primitive arrays: an end node of a long chain holds thousands of
 * swap results ahead of time, and a heap of objects with a {@code compareTo} cost about a fifth
 * of the run there (pointer chasing and virtual calls at every level); keys in arrays stay in
 * cache and a 4-ary heap is half as deep.
 */
final class EventQueue {
  private long[] times = new long[16];
  private int[] origins = new int[16];
  private long[] seqs = new long[16];
  private Object[] payloads = new Object[16];
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The earliest time queued; only when not empty. */
  long peekTime() {
    return times[0];
  }

  void add(long time, int origin, long seq, Object payload) {
    if (size == times.length) {
      int n = size * 2;
      times = Arrays.copyOf(times, n);
      origins = Arrays.copyOf(origins, n);
      seqs = Arrays.copyOf(seqs, n);
      payloads = Arrays.copyOf(payloads, n);
    }
    // Sift the hole up from the end, moving larger parents down.
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 2;
      if (!before(time, origin, seq, parent)) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, time, origin, seq, payload);
  }

  /** Removes the earliest entry and returns its payload; only when not empty. */
  Object poll() {
    Object out = payloads[0];
    int last = --size;
    long t = times[last];
    int o = origins[last];
    long s = seqs[last];
    Object p = payloads[last];
    payloads[last] = null;
    if (last > 0) {
      // Sift the hole down from the root, moving the smallest child up.
      int i = 0;
      while (true) {
        int first = (i << 2) + 1;
        if (first >= last) {
          break;
        }
        int best = first;
        int end = Math.min(first + 4, last);
        for (int c = first + 1; c < end; c++) {
          if (before(times[c], origins[c], seqs[c], best)) {
            best = c;
          }
        }
        if (!before(times[best], origins[best], seqs[best], t, o, s)) {
          break;
        }
        move(best, i);
        i = best;
      }
      set(i, t, o, s, p);
    }
    return out;
  }

  private boolean before(long t, int o, long s, int slot) {
    return before(t, o, s, times[slot], origins[slot], seqs[slot]);
  }

  private static boolean before(long t1, int o1, long s1, long t2, int o2, long s2) {
    if (t1 != t2) {
      return t1 < t2;
    }
    if (o1 != o2) {
      return o1 < o2;
    }
    return s1 < s2;
  }

  private void move(int from, int to) {
    times[to] = times[from];
    origins[to] = origins[from];
    seqs[to] = seqs[from];
    payloads[to] = payloads[from];
  }

  private void set(int i, long t, int o, long s, Object p) {
    times[i] = t;
    origins[i] = o;
    seqs[i] = s;
    payloads[i] = p;
  }
}
