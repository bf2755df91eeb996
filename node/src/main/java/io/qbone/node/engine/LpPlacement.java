package io.qbone.node.engine;

/**
 * Which cluster member hosts each LP. Member k is the k-th member in Pekko's address order (host,
 * then port: {@code Member.addressOrdering}); every member must build the same placement, so it
 * may depend only on what all of them share (the scenario and the member count).
 */
public interface LpPlacement {
  int lpCount();

  int members();

  /** The member (0..members-1) hosting {@code lp}. */
  int memberOf(int lp);

  /**
   * Contiguous blocks of LP indices of (nearly) equal size: LP i on member i * members /
   * lpCount. For runs that know no topology; a network's LPs follow its partition instead
   * ({@code io.qbone.node.placement.LpGraph}).
   */
  static LpPlacement blocks(int lpCount, int members) {
    if (lpCount < 0 || members < 1) {
      throw new IllegalArgumentException(
          "need lpCount >= 0 and members >= 1, got " + lpCount + " and " + members);
    }
    return new LpPlacement() {
      @Override
      public int lpCount() {
        return lpCount;
      }

      @Override
      public int members() {
        return members;
      }

      @Override
      public int memberOf(int lp) {
        return (int) ((long) lp * members / lpCount);
      }
    };
  }
}
