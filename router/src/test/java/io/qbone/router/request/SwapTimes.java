package io.qbone.router.request;

import io.qbone.router.routing.Route;

/**
 * Test oracle: when each repeater of a path swaps under a {@link SwapSchedule}, in closed form,
 * given when each link's pair is ready at both its ends (one round of pairs). A swap outcome
 * travels to other nodes at fiber speed. The node stack's per-node rules must give these times.
 */
public final class SwapTimes {
  private SwapTimes() {}

  /**
   * Fills {@code swapAt[1..n-1]} from {@code ready[0..n-1]} (n = hops); {@code swapAt[0]} is
   * left alone.
   */
  public static void of(SwapSchedule schedule, Route route, long[] ready, long[] swapAt) {
    switch (schedule) {
      case ASAP -> {
        for (int k = 1; k < ready.length; k++) {
          swapAt[k] = Math.max(ready[k - 1], ready[k]);
        }
      }
      case SEQUENTIAL -> {
        for (int k = 1; k < ready.length; k++) {
          long t = Math.max(ready[k - 1], ready[k]);
          if (k > 1) {
            t = Math.max(t, swapAt[k - 1] + route.delayBetweenNs(k - 1, k));
          }
          swapAt[k] = t;
        }
      }
      case NESTED -> nest(route, ready, swapAt, 0, ready.length);
      default -> throw new IllegalArgumentException("unknown schedule " + schedule);
    }
  }

  /** Schedules segment [a, b] of node positions; returns its top repeater, or -1 for a link. */
  private static int nest(Route route, long[] ready, long[] swapAt, int a, int b) {
    if (b - a == 1) {
      return -1;
    }
    int m = (a + b) / 2;
    int left = nest(route, ready, swapAt, a, m);
    int right = nest(route, ready, swapAt, m, b);
    swapAt[m] = Math.max(knownAt(route, ready, swapAt, a, left, m),
        knownAt(route, ready, swapAt, m, right, m));
    return m;
  }

  /** When the node at position {@code at} learns that the segment starting at a exists. */
  private static long knownAt(Route route, long[] ready, long[] swapAt, int a, int top, int at) {
    return top < 0 ? ready[a] : swapAt[top] + route.delayBetweenNs(top, at);
  }
}
