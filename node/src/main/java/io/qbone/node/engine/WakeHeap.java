package io.qbone.node.engine;

import java.util.Arrays;

/** A min-heap of (time, LP) pairs on primitive arrays: which LP has work at which time. */
final class WakeHeap {
  private long[] times = new long[64];
  private int[] lps = new int[64];
  private int size;

  void push(long time, int lp) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      lps = Arrays.copyOf(lps, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (times[parent] <= time) {
        break;
      }
      times[i] = times[parent];
      lps[i] = lps[parent];
      i = parent;
    }
    times[i] = time;
    lps[i] = lp;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long minTime() {
    return times[0];
  }

  /** Removes the minimum and returns its LP. */
  int pop() {
    int top = lps[0];
    size--;
    long t = times[size];
    int l = lps[size];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && times[child + 1] < times[child]) {
        child++;
      }
      if (times[child] >= t) {
        break;
      }
      times[i] = times[child];
      lps[i] = lps[child];
      i = child;
    }
    times[i] = t;
    lps[i] = l;
    return top;
  }
}
