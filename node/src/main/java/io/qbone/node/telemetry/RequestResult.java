package io.qbone.node.telemetry;

import java.util.Locale;

/** How a request ended at its source node (docs/routing.md, "Life of a request"). */
public enum RequestResult {
  /** Every requested pair was delivered by the deadline. */
  COMPLETED,
  /** Admitted, but its paths failed or the deadline passed first. */
  FAILED,
  /** The routing protocol found no path that meets it. */
  REJECTED_ROUTING,
  /** A node on its path had no memory for it within the reservation timeout. */
  REJECTED_MEMORY;

  /** The name in metrics, the API and the results: {@code completed}, {@code rejected-memory}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The kind of a failure or rejection reason: the word before its colon ({@code "memory: node r1
   * has 2 qubits"} is {@code memory}). Reasons name nodes and links; their kinds are few, so they
   * can tag a metric or head a table.
   */
  public static String reasonKind(String reason) {
    if (reason == null || reason.isEmpty()) {
      return "unspecified";
    }
    int colon = reason.indexOf(':');
    return colon > 0 ? reason.substring(0, colon) : reason;
  }
}
