package io.qbone.deploy.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qbone.deploy.run.ResultsJson;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioException;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.router.request.Protocols;
import io.qbone.router.request.RoutingSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qbone compare-routing SCENARIO --protocols a,b,c}: the scenario's workload under each
 * protocol. The arrivals come from each node's own traffic stream, seeded by the run seed, so
 * every protocol sees the same requests at the same times.
 */
@Command(name = "compare-routing", mixinStandardHelpOptions = true,
    description = "Run a request-driven scenario under several routing protocols (same seed, "
        + "same arrivals) and tabulate them side by side; writes JSON and CSV.")
final class CompareRoutingCommand implements Callable<Integer> {
  static final String FORMAT = "qbone-compare-routing/1";

  @Parameters(paramLabel = "SCENARIO", description = "scenario YAML file with a traffic: section")
  Path scenarioFile;

  @Option(names = "--protocols", split = ",", paramLabel = "P",
      description = "protocols to compare, comma-separated (default: all: shortest-hops, "
          + "shortest-latency, fidelity-aware, k-shortest, link-state, controller, then those "
          + "of jars on the class path by name)")
  List<String> protocols;

  @Option(names = "--members", defaultValue = "1", description = "cluster members (default: 1)")
  int members;

  @Option(names = "--threads", description = "dispatcher threads per member (default: cores)")
  Integer threads;

  @Option(names = "--seed", description = "override the scenario's seed")
  Long seed;

  @Option(names = "--json", defaultValue = "compare-routing.json",
      description = "JSON output (default: ${DEFAULT-VALUE})")
  Path json;

  @Option(names = "--csv", defaultValue = "compare-routing.csv",
      description = "CSV output (default: ${DEFAULT-VALUE})")
  Path csv;

  @Option(names = "--quiet", description = "print nothing but errors")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    List<String> known = Protocols.names();
    List<String> chosen = protocols == null ? known : protocols;
    for (String p : chosen) {
      if (!known.contains(p)) {
        System.err.println("qbone: --protocols: expected names from " + known
            + " (shipped, or provided by a jar on the class path), got '" + p + "'");
        return QboneCli.EXIT_BAD_INPUT;
      }
    }
    String problem = OptionChecks.first(OptionChecks.members(members),
        OptionChecks.threads(threads), OptionChecks.outputFile("--json", json),
        OptionChecks.outputFile("--csv", csv));
    if (problem != null) {
      System.err.println("qbone: " + problem);
      return QboneCli.EXIT_BAD_INPUT;
    }
    Scenario scenario;
    try {
      scenario = ScenarioLoader.load(scenarioFile);
    } catch (ScenarioException e) {
      System.err.println("qbone: " + e.getMessage());
      return QboneCli.EXIT_BAD_INPUT;
    }
    if (!scenario.requestDriven()) {
      System.err.println("qbone: " + scenarioFile + ": compare-routing needs a scenario with a "
          + "'traffic' section (requests to route), got saturating flows only");
      return QboneCli.EXIT_BAD_INPUT;
    }
    if (seed != null) {
      scenario = scenario.withSeed(seed);
    }
    RunOptions defaults = RunOptions.defaults();
    RunOptions options = new RunOptions(members,
        threads == null ? defaults.threads() : threads, 0, false);
    List<RoutingSummary> rows = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode doc = mapper.createObjectNode();
    doc.put("format", FORMAT);
    doc.put("scenario", scenario.name());
    doc.put("seed", scenario.seed());
    doc.put("duration_s", scenario.durationS());
    ArrayNode runs = doc.putArray("protocols");
    for (String p : chosen) {
      if (!quiet) {
        System.err.println("compare-routing: running " + p + " ...");
      }
      ScenarioRunner.Finished f;
      try {
        f = ScenarioRunner.run(scenario.withProtocol(p), options);
      } catch (ScenarioException e) {
        System.err.println("qbone: " + e.getMessage());
        return QboneCli.EXIT_BAD_INPUT;
      } catch (ExecutionException e) {
        return RunFailures.report(e, "run under " + p);
      }
      RoutingSummary s = RoutingSummary.of(p, f.result().reports(), scenario.durationS());
      rows.add(s);
      ObjectNode run = runs.addObject();
      run.set("outcome", ResultsJson.routing(s));
      ObjectNode perf = run.putObject("performance");
      double wall = f.result().phases().runNanos() / 1e9;
      perf.put("wall_time_s", wall);
      perf.put("events", f.result().events());
      perf.put("events_per_second", wall > 0 ? f.result().events() / wall : 0.0);
      perf.put("peak_heap_bytes", f.performance().peakHeapBytes());
    }
    try {
      Files.writeString(json, ResultsJson.toJson(doc), StandardCharsets.UTF_8);
      Files.writeString(csv, csv(rows), StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("qbone: cannot write the comparison: " + e.getMessage());
      return 1;
    }
    if (!quiet) {
      printTable(rows, System.out);
      System.out.println("written: " + json + ", " + csv);
    }
    return 0;
  }

  static String csv(List<RoutingSummary> rows) {
    StringBuilder b = new StringBuilder(String.join(",", RoutingSummary.COLUMNS)).append('\n');
    for (RoutingSummary s : rows) {
      List<String> cells = new ArrayList<>();
      for (Object v : s.row()) {
        cells.add(cell(v, false));
      }
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString();
  }

  /** A value as text: doubles to 6 significant digits (CSV) or 4 (table); NaN as empty / "-". */
  private static String cell(Object v, boolean table) {
    if (v instanceof Double d) {
      if (d.isNaN()) {
        return table ? "-" : "";
      }
      return String.format(Locale.ROOT, table ? "%.4g" : "%.6g", d);
    }
    return String.valueOf(v);
  }

  /** Protocols as columns, metrics as rows: readable however many protocols are compared. */
  static void printTable(List<RoutingSummary> rows, PrintStream out) {
    List<String> names = RoutingSummary.COLUMNS;
    int labelWidth = names.stream().mapToInt(String::length).max().orElse(0);
    int width = 12;
    for (RoutingSummary s : rows) {
      width = Math.max(width, s.protocol().length());
    }
    for (int c = 0; c < names.size(); c++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + labelWidth + "s",
          names.get(c)));
      for (RoutingSummary s : rows) {
        line.append("  ").append(String.format(Locale.ROOT, "%" + width + "s",
            cell(s.row().get(c), true)));
      }
      out.println(line);
    }
  }
}
