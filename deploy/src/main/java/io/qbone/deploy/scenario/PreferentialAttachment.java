package io.qbone.deploy.scenario;

import java.util.SplittableRandom;

/**
 * Barabási–Albert preferential attachment (Barabási &amp; Albert, Science 286, 509 (1999)): a
 * clique of m nodes, then each new node links to m distinct existing nodes chosen with
 * probability proportional to their degree.
 *
 * <p>Degree-proportional choice is a uniform pick from the list of all link endpoints so far
 * (a node of degree k appears k times). With m = 1 the first node has no links yet, so the second
 * node links to it directly.
 */
final class PreferentialAttachment {
  private PreferentialAttachment() {}

  /** Links of the graph as endpoint pairs: link e joins ends[2e] and ends[2e + 1]. */
  static int[] links(int n, int m, SplittableRandom rnd) {
    int count = Math.toIntExact(linkCount(n, m));
    int[] ends = new int[2 * count];
    int e = 0;
    for (int a = 0; a < m; a++) {
      for (int b = a + 1; b < m; b++) {
        ends[e++] = a;
        ends[e++] = b;
      }
    }
    int[] chosen = new int[m];
    for (int v = m; v < n; v++) {
      int endsSoFar = e;
      for (int k = 0; k < m; k++) {
        int target;
        do {
          target = endsSoFar == 0 ? rnd.nextInt(v) : ends[rnd.nextInt(endsSoFar)];
        } while (contains(chosen, k, target));
        chosen[k] = target;
      }
      // Links are written after all m are chosen: the new node's own ends must not attract.
      for (int k = 0; k < m; k++) {
        ends[e++] = chosen[k];
        ends[e++] = v;
      }
    }
    return ends;
  }

  /** m(m − 1)/2 clique links plus m for each of the other n − m nodes. */
  static long linkCount(long n, long m) {
    return m * (m - 1) / 2 + m * (n - m);
  }

  private static boolean contains(int[] a, int len, int x) {
    for (int i = 0; i < len; i++) {
      if (a[i] == x) {
        return true;
      }
    }
    return false;
  }
}
