package io.qbone.deploy.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Locale;

/** The human-readable end-of-run summary, printed from the results document. */
public final class Summary {
  private static final int MAX_FLOWS_SHOWN = 20;

  private Summary() {}

  /** Fiber length for people: metres below a kilometre (laboratory links), else km. */
  static String length(double km) {
    return km < 1 ? String.format(Locale.ROOT, "%.0f m", km * 1000)
        : String.format(Locale.ROOT, "%.1f km", km);
  }

  public static void print(JsonNode doc, PrintStream out) {
    JsonNode o = doc.get("outcome");
    JsonNode p = doc.get("performance");
    JsonNode sc = o.get("scenario");
    out.printf(Locale.ROOT, "qbone run: %s (%s), seed %d, %d nodes, %d links, %d member(s)%n",
        sc.get("name").asText(), p.get("scenario_file").asText(), sc.get("seed").asLong(),
        sc.get("nodes").asInt(), sc.get("links").asInt(), p.get("members").asInt());
    out.printf(Locale.ROOT,
        "virtual time %.6f s in %.2f s wall (+%.1f s cluster start/stop): %,d events "
            + "(%,.0f events/s), %,d windows, %d causality violations, peak heap %,d MB%n",
        o.get("virtual_time_s").asDouble(), p.get("wall_time_s").asDouble(),
        p.get("cluster_start_s").asDouble() + p.get("cluster_stop_s").asDouble(),
        o.get("events").asLong(), p.get("events_per_second").asDouble(),
        p.get("windows").asLong(), o.get("causality_violations").asLong(),
        p.get("peak_heap_bytes").asLong() >> 20);
    int shown = 0;
    for (JsonNode f : o.get("flows")) {
      if (shown++ == MAX_FLOWS_SHOWN) {
        out.printf("... and %d more flows (see the results file)%n", o.get("flows").size() - MAX_FLOWS_SHOWN);
        break;
      }
      out.printf(Locale.ROOT, "flow %s: %s -> %s, %d hops, %s: %,d pairs (%.1f /s)",
          f.get("name").asText(), f.get("from").asText(), f.get("to").asText(),
          f.get("hops").asInt(), length(f.get("path_length_km").asDouble()),
          f.get("delivered_pairs").asLong(), f.get("rate_hz").asDouble());
      if (f.has("fidelity")) {
        JsonNode fid = f.get("fidelity");
        JsonNode lat = f.get("latency_ms");
        out.printf(Locale.ROOT, ", fidelity mean %.4f p5 %.4f p50 %.4f, latency p50 %.3f ms p99 %.3f ms",
            fid.get("mean").asDouble(), fid.get("p5").asDouble(), fid.get("p50").asDouble(),
            lat.get("p50").asDouble(), lat.get("p99").asDouble());
      }
      out.println();
    }
    if (o.has("routing")) {
      printRouting(o.get("routing"), out);
    }
    if (o.has("qkd")) {
      for (JsonNode d : o.get("qkd").get("demands")) {
        out.printf(Locale.ROOT, "key demand %s: %s -> %s, %d of %d keys delivered (%.0f bit/s of "
                + "%.0f asked)%n", d.get("name").asText(), d.get("from").asText(),
            d.get("to").asText(), d.get("delivered").asLong(), d.get("requested").asLong(),
            d.get("delivered_rate_bps").asDouble(), d.get("requested_rate_bps").asDouble());
      }
    }
  }

  /** Request-driven traffic in one line: what arrived, what was served, and how well. */
  private static void printRouting(JsonNode r, PrintStream out) {
    out.printf(Locale.ROOT, "requests (%s): %d, accepted %.1f %%, completed %d, %,d pairs "
            + "(%.1f /s)", r.get("protocol").asText(), r.get("requests").asLong(),
        100 * r.get("acceptance_rate").asDouble(), r.get("completed").asLong(),
        r.get("delivered_pairs").asLong(), r.get("delivered_pairs_per_s").asDouble());
    JsonNode fid = r.get("fidelity");
    if (fid != null && fid.has("p50")) {
      out.printf(Locale.ROOT, ", fidelity p5 %.4f p50 %.4f", fid.get("p5").asDouble(),
          fid.get("p50").asDouble());
    }
    out.println();
  }
}
