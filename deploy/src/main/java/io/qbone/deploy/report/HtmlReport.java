package io.qbone.deploy.report;

import static io.qbone.deploy.report.Xml.esc;
import static io.qbone.deploy.report.Xml.g;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.node.telemetry.RequestResult;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.protocol.v1.LinkReport;
import io.qbone.protocol.v1.LpReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code qbone run --report FILE}: one self-contained XHTML page (inline SVG and CSS, no script,
 * no network) with the run's numbers, the topology, a fidelity histogram per flow and rates over
 * virtual time. Well-formed XML, so it can be checked by a parser as well as a browser.
 */
public final class HtmlReport {
  /** Histogram bars per flow at most. */
  static final int BARS = 40;

  private HtmlReport() {}

  public static void write(Path file, ScenarioRunner.Finished run, ObjectNode results,
      ReportRecorder recorder) throws IOException {
    Files.writeString(file, render(run, results, recorder), StandardCharsets.UTF_8);
  }

  public static String render(ScenarioRunner.Finished run, ObjectNode results,
      ReportRecorder recorder) {
    Scenario sc = run.scenario();
    JsonNode outcome = results.get("outcome");
    JsonNode perf = results.get("performance");
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head>")
        .append("<meta charset=\"utf-8\"/><title>qbone report: ").append(esc(sc.name()))
        .append("</title><style>").append(CSS).append("</style></head><body>");
    b.append("<h1>qbone report: ").append(esc(sc.name())).append("</h1>");
    b.append("<p class=\"meta\">seed ").append(sc.seed()).append(" · ")
        .append(g(sc.durationS(), 6)).append(" s virtual time · ")
        .append(sc.nodes().size()).append(" nodes · ").append(sc.links().size())
        .append(" links · ").append(sc.flows().size()).append(" flows · ")
        .append(outcome.get("events").asLong()).append(" events in ")
        .append(g(perf.get("wall_time_s").asDouble(), 3)).append(" s wall (")
        .append(g(perf.get("events_per_second").asDouble(), 3)).append(" events/s) · scenario ")
        .append(esc(sc.file())).append("</p>");

    b.append("<h2>Topology</h2>").append(TopologyMap.svg(sc.nodes(), sc.links(),
        linkFidelity(run.result().reports())));

    // A run of requests alone has no fixed flow: no empty table, plot or heading for them.
    boolean flows = !sc.flows().isEmpty();
    if (flows) {
      b.append("<h2>Flows</h2>").append(flowTable(outcome.get("flows")));
    }
    b.append(nodeTable(sc, outcome.get("nodes"), recorder));

    b.append("<h2>Rates over virtual time</h2>");
    double slice = recorder.sliceSeconds();
    List<SvgPlots.Series> flowRates = new ArrayList<>();
    for (int f = 0; f < sc.flows().size(); f++) {
      flowRates.add(new SvgPlots.Series(sc.flows().get(f).name(),
          perSecond(recorder.deliveredPerSlice(f), slice)));
    }
    if (flows) {
      b.append("<h3>Delivered pairs per second, per flow</h3>")
          .append(SvgPlots.lines("rate flow-rates", "delivered pairs", flowRates, sc.durationS(),
              "virtual time (s)", "pairs / s"));
    }
    b.append("<h3>Link pairs per second, all links</h3>")
        .append(SvgPlots.lines("rate link-rates", "link pairs", List.of(new SvgPlots.Series(
            "all links", perSecond(recorder.linkPairsPerSlice(), slice))), sc.durationS(),
            "virtual time (s)", "pairs / s"));
    long[] keyBits = recorder.keyBitsPerSlice();
    if (java.util.Arrays.stream(keyBits).anyMatch(v -> v > 0)) {
      b.append("<h3>Secret key bits per second, all links</h3>")
          .append(SvgPlots.lines("rate key-rates", "key bits", List.of(new SvgPlots.Series(
              "all links", perSecond(keyBits, slice))), sc.durationS(), "virtual time (s)",
              "bits / s"));
    }

    if (outcome.has("routing")) {
      b.append(requests(sc, run.result().reports(), outcome.get("routing"), recorder));
    }

    if (flows) {
      b.append("<h2>Fidelity of delivered pairs</h2>");
    }
    for (int f = 0; f < sc.flows().size(); f++) {
      var cfg = sc.flows().get(f);
      b.append("<section class=\"flow\"><h3>").append(esc(cfg.name())).append(": ")
          .append(esc(cfg.from())).append(" → ").append(esc(cfg.to())).append("</h3>")
          .append(SvgPlots.fidelityHistogram("fidelity-histogram", cfg.name(),
              recorder.fidelityCounts(f), BARS))
          .append("</section>");
    }

    List<ReportRecorder.Alarm> alarms = recorder.alarms();
    b.append("<h2>Alarms</h2>");
    if (alarms.isEmpty()) {
      b.append("<p>None.</p>");
    } else {
      b.append("<table class=\"alarms\"><tr><th>virtual time (s)</th><th>kind</th>")
          .append("<th>subject</th><th>message</th></tr>");
      for (ReportRecorder.Alarm a : alarms) {
        b.append("<tr><td>").append(g(a.atNs() / 1e9, 6)).append("</td><td>")
            .append(esc(a.kind())).append("</td><td>").append(esc(a.subject()))
            .append("</td><td>").append(esc(a.message())).append("</td></tr>");
      }
      b.append("</table>");
    }
    b.append("<p class=\"meta\">Rates are counted in ").append(ReportRecorder.SLICES)
        .append(" slices of ").append(g(slice, 4)).append(" s of virtual time; fidelity is")
        .append(" binned at 1e-4 and grouped into at most ").append(BARS)
        .append(" bars per flow. Results JSON: docs/results-schema.md.</p>");
    return b.append("</body></html>\n").toString();
  }

  /**
   * Request-driven traffic: outcomes per source node (from the routers' reports, as the results
   * count them) and network-wide, requests ended and request pairs delivered over virtual time,
   * and a fidelity histogram of the pairs delivered to each source's requests.
   */
  private static String requests(Scenario sc, List<LpReport> reports, JsonNode routing,
      ReportRecorder recorder) {
    StringBuilder b = new StringBuilder("<h2>Requests</h2>");
    b.append("<p class=\"meta\">").append(esc(routing.get("protocol").asText()))
        .append(" routing · ").append(routing.get("requests").asLong())
        .append(" requests arrived, ").append(routing.get("in_progress_at_end").asLong())
        .append(" still in progress at the end</p>");
    b.append("<table class=\"requests\"><tr><th>source</th><th>requests</th>")
        .append("<th>admitted</th><th>completed</th><th>failed</th><th>rejected (routing)</th>")
        .append("<th>rejected (memory)</th><th>pairs delivered</th><th>mean F</th></tr>");
    List<Integer> sources = new ArrayList<>();
    for (LpReport lp : reports) {
      RoutingReport r = lp.getRouting();
      if (lp.getLp() >= sc.nodes().size() || r.getRequests() == 0) {
        continue;
      }
      sources.add(lp.getLp());
      double sum = 0;
      for (double f : r.getFidelitiesList()) {
        sum += f;
      }
      b.append(requestRow(sc.nodes().get(lp.getLp()).name(), r.getRequests(), r.getAccepted(),
          r.getCompleted(), r.getFailed(), r.getRejectedRouting(), r.getRejectedMemory(),
          r.getPairsDelivered(), r.getPairsDelivered() == 0 ? Double.NaN
              : sum / r.getPairsDelivered()));
    }
    JsonNode mean = routing.get("fidelity").get("mean");
    b.append(requestRow("all", routing.get("requests").asLong(),
        routing.get("accepted").asLong(), routing.get("completed").asLong(),
        routing.get("failed").asLong(), routing.get("rejected_routing").asLong(),
        routing.get("rejected_memory").asLong(), routing.get("delivered_pairs").asLong(),
        mean.isNull() ? Double.NaN : mean.asDouble()));
    b.append("</table>");
    JsonNode reasons = routing.get("failure_reasons");
    if (reasons.size() > 0) {
      b.append("<p>Why requests did not complete: ");
      List<String> parts = new ArrayList<>();
      reasons.fields().forEachRemaining(e -> parts.add("<span class=\"reason\" data-reason=\""
          + esc(e.getKey()) + "\" data-count=\"" + e.getValue().asLong() + "\">"
          + esc(e.getKey()) + " " + e.getValue().asLong() + "</span>"));
      b.append(String.join(", ", parts)).append(".</p>");
    }

    double slice = recorder.sliceSeconds();
    List<SvgPlots.Series> ended = new ArrayList<>();
    for (RequestResult r : RequestResult.values()) {
      ended.add(new SvgPlots.Series(r.tag(), perSecond(recorder.requestsEndedPerSlice(r), slice)));
    }
    b.append("<h3>Requests ended per second, by result</h3>")
        .append(SvgPlots.lines("rate request-results", "requests", ended, sc.durationS(),
            "virtual time (s)", "requests / s"));
    b.append("<h3>Pairs delivered to requests per second, all sources</h3>")
        .append(SvgPlots.lines("rate request-pairs", "request pairs", List.of(
            new SvgPlots.Series("all sources", perSecond(recorder.requestPairsPerSlice(), slice))),
            sc.durationS(), "virtual time (s)", "pairs / s"));
    b.append("<h3>Fidelity of pairs delivered to requests, per source</h3>");
    for (int v : sources) {
      String name = sc.nodes().get(v).name();
      b.append("<section class=\"flow\"><h3>").append(esc(name)).append("</h3>")
          .append(SvgPlots.fidelityHistogram("request-fidelity-histogram", name,
              recorder.requestFidelityCounts(v), BARS))
          .append("</section>");
    }
    return b.toString();
  }

  /**
   * Swaps (from the results) and purification rounds (from the run's reports) at every node that
   * made any: what the network layer did, whichever traffic it served.
   */
  private static String nodeTable(Scenario sc, JsonNode nodes, ReportRecorder recorder) {
    Map<String, Integer> index = new TreeMap<>();
    for (int v = 0; v < sc.nodes().size(); v++) {
      index.put(sc.nodes().get(v).name(), v);
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode n : nodes) {
      int i = index.get(n.get("name").asText());
      long swaps = n.get("swaps").asLong();
      long rounds = recorder.purifications(i);
      if (swaps > 0 || rounds > 0) {
        b.append("<tr data-node=\"").append(esc(n.get("name").asText())).append("\"><td>")
            .append(esc(n.get("name").asText())).append("</td><td class=\"swaps\">")
            .append(swaps).append("</td><td class=\"swap-failures\">")
            .append(n.get("swap_failures").asLong()).append("</td><td class=\"purifications\">")
            .append(rounds).append("</td><td class=\"purification-failures\">")
            .append(recorder.purificationFailures(i)).append("</td></tr>");
      }
    }
    return b.length() == 0 ? "" : "<h2>Swaps and purification</h2><table class=\"nodes\"><tr>"
        + "<th>node</th><th>swaps</th><th>failed</th><th>purification rounds</th><th>failed</th>"
        + "</tr>" + b + "</table>";
  }

  private static String requestRow(String source, long requests, long admitted, long completed,
      long failed, long rejectedRouting, long rejectedMemory, long pairs, double meanFidelity) {
    return "<tr data-source=\"" + esc(source) + "\"><td>" + esc(source) + "</td><td>" + requests
        + "</td><td>" + admitted + "</td><td class=\"completed\">" + completed
        + "</td><td class=\"failed\">" + failed + "</td><td class=\"rejected-routing\">"
        + rejectedRouting + "</td><td class=\"rejected-memory\">" + rejectedMemory
        + "</td><td class=\"pairs\">" + pairs + "</td><td class=\"mean-fidelity\">"
        + (Double.isNaN(meanFidelity) ? "–"
            : String.format(java.util.Locale.ROOT, "%.4f", meanFidelity)) + "</td></tr>";
  }

  private static Map<Integer, Double> linkFidelity(List<LpReport> reports) {
    Map<Integer, Double> m = new TreeMap<>();
    for (LpReport r : reports) {
      for (LinkReport l : r.getLinksList()) {
        if (l.getGenerated() > 0) {
          m.put(l.getLink(), l.getFidelitySum() / l.getGenerated());
        }
      }
    }
    return m;
  }

  private static String flowTable(JsonNode flows) {
    StringBuilder b = new StringBuilder("<table class=\"flows\"><tr><th>flow</th><th>path</th>"
        + "<th>hops</th><th>delivered</th><th>rate (Hz)</th><th>mean F</th><th>p5 F</th>"
        + "<th>p50 latency (ms)</th></tr>");
    for (JsonNode f : flows) {
      JsonNode fid = f.get("fidelity");
      JsonNode lat = f.get("latency_ms");
      List<String> path = new ArrayList<>();
      f.get("path").forEach(p -> path.add(p.asText()));
      String shown = path.size() <= 6 ? String.join(" – ", path)
          : path.get(0) + " – … (" + (path.size() - 2) + " more) – " + path.get(path.size() - 1);
      b.append("<tr><td>").append(esc(f.get("name").asText())).append("</td><td>")
          .append(esc(shown)).append("</td><td>").append(f.get("hops").asInt())
          .append("</td><td class=\"delivered\">").append(f.get("delivered_pairs").asLong())
          .append("</td><td>").append(g(f.get("rate_hz").asDouble(), 4)).append("</td><td>")
          .append(fid == null ? "–" : String.format(java.util.Locale.ROOT, "%.4f",
              fid.get("mean").asDouble()))
          .append("</td><td>").append(fid == null ? "–" : String.format(java.util.Locale.ROOT,
              "%.4f", fid.get("p5").asDouble()))
          .append("</td><td>").append(lat == null ? "–" : g(lat.get("p50").asDouble(), 4))
          .append("</td></tr>");
    }
    return b.append("</table>").toString();
  }

  private static double[] perSecond(long[] counts, double sliceS) {
    double[] r = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      r[i] = counts[i] / sliceS;
    }
    return r;
  }

  private static final String CSS = "body{font-family:sans-serif;margin:2em;color:#222}"
      + "h1{font-size:1.5em}h2{margin-top:1.5em;border-bottom:1px solid #ccc}"
      + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;"
      + "text-align:right}td:first-child,th:first-child{text-align:left}"
      + ".meta{color:#555;font-size:.9em}svg.plot{display:block;background:#fafafa;"
      + "border:1px solid #eee;margin:.5em 0}section.flow{display:inline-block;"
      + "vertical-align:top;margin-right:1em}";
}
