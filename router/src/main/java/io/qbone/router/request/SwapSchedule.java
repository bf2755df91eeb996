package io.qbone.router.request;

/**
 * When each repeater of a path swaps, as a rule each repeater applies alone: how far along the
 * route its qubits' segments must reach. Positions are path positions: link i joins nodes i and
 * i + 1; repeater k (1..n-1) swaps the pairs of links k - 1 and k. The swap times these rules
 * give, in closed form, are the tests' oracle ({@code SwapTimes}).
 */
public enum SwapSchedule {
  /** Each repeater swaps as soon as it holds both its pairs. */
  ASAP,
  /**
   * Swaps from the source outwards: repeater k swaps only once it has heard that repeater k - 1
   * extended the source's segment to it.
   */
  SEQUENTIAL,
  /**
   * Nested (doubling): the path is halved recursively; the middle repeater of a segment swaps
   * once it has heard that both halves are established (exact doubling for 2^n links).
   */
  NESTED;

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
