package io.qbone.router.request;

import io.qbone.router.routing.Route;

/**
 * When each repeater of a path swaps, given when each link's pair is ready at both its ends.
 * Positions are path positions: link i joins nodes i and i + 1; repeater k (1..n-1) swaps the
 * pairs of links k - 1 and k. A swap outcome travels to other nodes at fiber speed.
 */
public enum SwapSchedule {
  /** Each repeater swaps as soon as it holds both its pairs. */
  ASAP {
    @Override
    public void swapTimes(Route route, long[] ready, long[] swapAt) {
      for (int k = 1; k < ready.length; k++) {
        swapAt[k] = Math.max(ready[k - 1], ready[k]);
      }
    }
  },
  /**
   * Swaps from the source outwards: repeater k swaps only once it has heard that repeater k - 1
   * extended the source's segment to it.
   */
  SEQUENTIAL {
    @Override
    public void swapTimes(Route route, long[] ready, long[] swapAt) {
      for (int k = 1; k < ready.length; k++) {
        long t = Math.max(ready[k - 1], ready[k]);
        if (k > 1) {
          t = Math.max(t, swapAt[k - 1] + route.delayBetweenNs(k - 1, k));
        }
        swapAt[k] = t;
      }
    }
  },
  /**
   * Nested (doubling): the path is halved recursively; the middle repeater of a segment swaps
   * once it has heard that both halves are established (exact doubling for 2^n links).
   */
  NESTED {
    @Override
    public void swapTimes(Route route, long[] ready, long[] swapAt) {
      nest(route, ready, swapAt, 0, ready.length);
    }

    /** Schedules segment [a, b] of node positions; returns its top repeater, or -1 for a link. */
    private int nest(Route route, long[] ready, long[] swapAt, int a, int b) {
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
    private long knownAt(Route route, long[] ready, long[] swapAt, int a, int top, int at) {
      return top < 0 ? ready[a] : swapAt[top] + route.delayBetweenNs(top, at);
    }
  };

  /**
   * The per-node rule: the route position that repeater {@code position}'s left qubit's segment
   * must reach before it swaps (its link's far end for ASAP).
   */
  public int leftNeed(int position, int hops) {
    return switch (this) {
      case ASAP -> position - 1;
      case SEQUENTIAL -> 0;
      case NESTED -> nestingSegment(position, hops)[0];
    };
  }

  /** The route position that the right qubit's segment must reach before the repeater swaps. */
  public int rightNeed(int position, int hops) {
    return switch (this) {
      case ASAP, SEQUENTIAL -> position + 1;
      case NESTED -> nestingSegment(position, hops)[1];
    };
  }

  /**
   * The repeater that waits for this repeater's swap to know its segment (told the swap result
   * besides the ends), or -1.
   */
  public int waitingRepeater(int position, int hops) {
    return switch (this) {
      case ASAP -> -1;
      case SEQUENTIAL -> position + 1 < hops ? position + 1 : -1;
      case NESTED -> nestingSegment(position, hops)[2];
    };
  }

  /** {from, to, parent} of the nesting segment whose middle is {@code position}. */
  private static int[] nestingSegment(int position, int hops) {
    int a = 0;
    int b = hops;
    int parent = -1;
    while (true) {
      int m = (a + b) / 2;
      if (m == position) {
        return new int[] {a, b, parent};
      }
      parent = m;
      if (position < m) {
        b = m;
      } else {
        a = m;
      }
    }
  }

  /**
   * Fills {@code swapAt[1..n-1]} from {@code ready[0..n-1]} (n = hops); {@code swapAt[0]} is
   * left alone.
   */
  public abstract void swapTimes(Route route, long[] ready, long[] swapAt);

  /** Parses the scenario spelling ({@code asap, sequential, nested}); null if unknown. */
  public static SwapSchedule parse(String s) {
    return switch (s) {
      case "asap" -> ASAP;
      case "sequential" -> SEQUENTIAL;
      case "nested" -> NESTED;
      default -> null;
    };
  }
}
