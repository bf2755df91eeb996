package io.qbone.deploy.scenario;

import java.util.List;

/** Suggests the allowed key an unknown key was probably meant to be (typos like lenght_km). */
final class KeyHints {
  private KeyHints() {}

  /** The allowed key within a small edit distance (1, or a quarter of its length), else null. */
  static String closest(String key, List<String> allowed) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String a : allowed) {
      int d = distance(key, a);
      if (d < bestDistance) {
        bestDistance = d;
        best = a;
      }
    }
    return best != null && bestDistance <= Math.max(1, best.length() / 4) && bestDistance < key.length()
        ? best
        : null;
  }

  /** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions. */
  static int distance(String s, String t) {
    int[][] d = new int[s.length() + 1][t.length() + 1];
    for (int i = 0; i <= s.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= t.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= s.length(); i++) {
      for (int j = 1; j <= t.length(); j++) {
        int cost = s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && s.charAt(i - 1) == t.charAt(j - 2)
            && s.charAt(i - 2) == t.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[s.length()][t.length()];
  }
}
