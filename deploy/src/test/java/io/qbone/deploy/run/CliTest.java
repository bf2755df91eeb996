package io.qbone.deploy.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qbone.deploy.cli.QboneCli;
import io.qbone.deploy.kme.KmeJournal;
import io.qbone.deploy.kme.KmeService;
import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeLimits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI as a user drives it: real files in, exit codes and messages out. */
class CliTest {
  @TempDir Path dir;

  private record Outcome(int exit, String out, String err) {}

  private static Outcome cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = QboneCli.execute(args);
      return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static final String VALID = String.join("\n",
      "qbone: 1",
      "name: two-links",
      "duration_s: 0.01",
      "nodes:",
      "  - {name: a, kind: end}",
      "  - {name: r}",
      "  - {name: b, kind: end}",
      "links:",
      "  - {a: a, b: r, length_km: 10}",
      "  - {a: r, b: b, length_km: 10}",
      "flows:",
      "  - {from: a, to: b}",
      "");

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "malformed YAML   | '  - {a: a, b: r, length_km: 10}'  | '  - {a: a, b: r, length_km: [10'   | :10: malformed YAML",
      "unknown node     | '  - {a: r, b: b, length_km: 10}'  | '  - {a: r, b: x, length_km: 10}'   | :10: field 'links[1].b': unknown node 'x'",
      "negative length  | '  - {a: r, b: b, length_km: 10}'  | '  - {a: r, b: b, length_km: -3}'   | :10: field 'links[1].length_km'",
      "missing field    | '  - {a: r, b: b, length_km: 10}'  | '  - {a: r, b: b}'                  | :10: field 'links[1].length_km'",
      "fidelity above 1 | '  - {a: r, b: b, length_km: 10}'  | '  - {a: r, b: b, length_km: 10, fidelity: 1.2}' | :10: field 'links[1].fidelity'",
  })
  void badScenarioExitsWithCodeTwoAndOneClearMessage(String name, String line, String bad, String expected)
      throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, VALID.replace(line, bad));
    Outcome o = cli("run", f.toString(), "--out", dir.resolve("r.json").toString(), "--no-metrics", "--no-dashboard");
    assertEquals(2, o.exit(), o.err());
    String err = o.err().strip();
    assertTrue(err.startsWith("qbone: " + f), err);
    assertTrue(err.contains(expected), err);
    assertEquals(1, err.lines().count(), "one message: " + err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    assertFalse(Files.exists(dir.resolve("r.json")), "nothing written");
  }

  @Test
  void runPrintsASummaryAndWritesResults() throws Exception {
    Path f = dir.resolve("ok.yaml");
    Files.writeString(f, VALID);
    Path results = dir.resolve("results.json");
    Outcome o = cli("run", f.toString(), "--out", results.toString(), "--seed", "9", "--no-metrics", "--no-dashboard");
    assertEquals(0, o.exit(), o.err());
    assertTrue(o.out().contains("flow a-b: a -> b, 2 hops, 20.0 km"), o.out());
    JsonNode doc = new ObjectMapper().readTree(results.toFile());
    assertEquals("qbone-results/1", doc.get("format").asText());
    assertEquals(9, doc.get("outcome").get("scenario").get("seed").asLong());
    JsonNode flow = doc.get("outcome").get("flows").get(0);
    assertTrue(flow.get("delivered_pairs").asLong() > 0, flow.toString());
    JsonNode performance = doc.get("performance");
    assertTrue(performance.get("events_per_second").asDouble() > 0);
    double secondHalfWall = performance.get("second_half_window_wall_s").asDouble();
    assertTrue(secondHalfWall > 0 && secondHalfWall < performance.get("window_wall_s").asDouble(),
        performance.toString());
    assertTrue(performance.get("second_half_events_per_second").asDouble() > 0);
  }

  @Test
  void theSummaryNamesRequestsAndKeyDemandsOfAMixedRun() throws Exception {
    Path results = dir.resolve("mixed.json");
    Outcome o = cli("run", Path.of("..", "scenarios", "mixed-metro-repeater.yaml").toString(),
        "--out", results.toString(), "--no-metrics", "--no-dashboard");
    assertEquals(0, o.exit(), o.err());
    JsonNode outcome = new ObjectMapper().readTree(results.toFile()).get("outcome");
    JsonNode routing = outcome.get("routing");
    assertTrue(o.out().contains("requests (shortest-latency): " + routing.get("requests").asLong()
        + ", accepted 100.0 %, completed " + routing.get("completed").asLong()), o.out());
    JsonNode demand = outcome.get("qkd").get("demands").get(0);
    assertTrue(o.out().contains("key demand hq-lab: hq -> lab, " + demand.get("delivered").asLong()
        + " of " + demand.get("requested").asLong() + " keys delivered"), o.out());
    assertTrue(o.out().contains("flow dc-lab: dc -> lab, 3 hops"), o.out());
  }

  @Test
  void quietAndNonTerminalRunsPrintNothingButResults() throws Exception {
    Path f = dir.resolve("ok.yaml");
    Files.writeString(f, VALID);
    Path results = dir.resolve("quiet.json");
    Outcome o = cli("run", f.toString(), "--out", results.toString(), "--quiet", "--no-metrics", "--no-dashboard");
    assertEquals(0, o.exit(), o.err());
    assertEquals("", o.out());
    assertFalse(o.err().contains("\r") || o.err().contains("ETA"), "no progress bar: " + o.err());
    assertTrue(Files.size(results) > 0);
    // Without --quiet, output that is not a terminal gets the summary but no progress bar.
    Outcome plain = cli("run", f.toString(), "--out", results.toString(), "--no-metrics", "--no-dashboard");
    assertTrue(plain.out().startsWith("qbone run: two-links"), plain.out());
    assertFalse(plain.err().contains("ETA"), plain.err());
  }

  /**
   * run, serve and compare-routing share the loader: a hostile file is one located line and
   * exit code 2 in each (serve and compare-routing load before they touch their other inputs).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "run             | :13: YAML nested deeper than the limit of 64 levels",
      "serve           | :13: YAML nested deeper than the limit of 64 levels",
      "compare-routing | :13: YAML nested deeper than the limit of 64 levels",
  })
  void deeplyNestedYamlIsOneLineInEveryCommand(String command, String expected) throws Exception {
    Path f = dir.resolve("deep.yaml");
    Files.writeString(f, VALID + "extra: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
    assertHostileInputRefused(command, f, expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"run", "serve", "compare-routing"})
  void invalidUtf8IsOneLocatedLineInEveryCommand(String command) throws Exception {
    Path f = dir.resolve("latin1.yaml");
    // "café" in ISO-8859-1: 0xE9 then '\n' is not UTF-8; line 2, byte offset 9 + 9.
    Files.write(f, VALID.replace("name: two-links", "name: caf\u00e9")
        .getBytes(StandardCharsets.ISO_8859_1));
    assertHostileInputRefused(command, f,
        ":2: expected UTF-8 text, got the invalid byte 0xE9 (column 10, byte offset 18)");
  }

  private void assertHostileInputRefused(String command, Path f, String expected) {
    Path out = dir.resolve("out.json");
    Outcome o = switch (command) {
      case "run" -> cli("run", f.toString(), "--out", out.toString(), "--no-metrics",
          "--no-dashboard");
      case "serve" -> cli("serve", f.toString(), "--port", "0", "--keystore",
          dir.resolve("none.p12").toString(), "--truststore", dir.resolve("none.p12").toString(),
          "--journal", dir.resolve("journal").toString());
      default -> cli("compare-routing", f.toString(), "--json", out.toString(), "--csv",
          dir.resolve("out.csv").toString(), "--quiet");
    };
    assertEquals(2, o.exit(), o.err());
    String err = o.err().strip();
    assertEquals("qbone: " + f + expected, err.substring(0, Math.min(err.length(),
        ("qbone: " + f + expected).length())), err);
    assertEquals(1, err.lines().count(), "one message: " + err);
    assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    assertFalse(Files.exists(out), "nothing written");
  }

  /** Output paths are checked before the run: a mistake costs no run and loses no results. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--out in a missing directory      | run | --out    | missing/r.json | --out MISSING/r.json: the directory MISSING does not exist",
      "--out is a directory              | run | --out    | .              | --out . is a directory; expected a file to write",
      "--report in a missing directory   | run | --report | missing/r.html | --report MISSING/r.html: the directory MISSING does not exist",
      "--out in an unwritable directory  | run | --out    | /proc/r.json   | --out /proc/r.json: cannot create files in /proc (",
      "--json in a missing directory     | compare-routing | --json | missing/c.json | --json MISSING/c.json: the directory MISSING does not exist",
      "--csv under a file                | compare-routing | --csv  | ok.yaml/c.csv  | --csv OK/c.csv: OK is not a directory",
      "--journal in a missing directory  | serve | --journal | missing/kme | --journal MISSING/kme.mv.db: the directory MISSING does not exist",
  })
  void unwritableOutputIsRefusedBeforeTheRun(String name, String command, String option,
      String path, String expected) throws Exception {
    Path f = dir.resolve("ok.yaml");
    Files.writeString(f, VALID);
    Path target = path.startsWith("/") ? Path.of(path) : dir.resolve(path);
    List<String> args = new ArrayList<>(List.of(command, f.toString()));
    switch (command) {
      case "run" -> args.addAll(List.of("--no-metrics", "--no-dashboard"));
      case "serve" -> args.addAll(List.of("--keystore", "none.p12", "--truststore", "none.p12"));
      default -> { }
    }
    if (command.equals("run") && !option.equals("--out")) {
      args.addAll(List.of("--out", dir.resolve("r.json").toString()));
    }
    if (command.equals("compare-routing") && !option.equals("--json")) {
      args.addAll(List.of("--json", dir.resolve("c.json").toString()));
    }
    args.addAll(List.of(option, target.toString()));
    Outcome o = cli(args.toArray(String[]::new));
    assertEquals(2, o.exit(), o.err());
    String err = o.err().strip();
    String message = expected.replace("MISSING", dir.resolve("missing").toString())
        .replace("OK", f.toString());
    if (path.equals(".")) {
      message = message.replace("--out .", "--out " + target);
    }
    assertTrue(err.startsWith("qbone: " + message), err);
    assertEquals(1, err.lines().count(), "one message: " + err);
    assertEquals("", o.out(), "nothing ran");
    assertFalse(Files.exists(dir.resolve("r.json")) || Files.exists(dir.resolve("c.json")),
        "nothing written");
  }

  @Test
  void aJournalInUseIsRefusedBeforeServing() throws Exception {
    Path f = dir.resolve("ok.yaml");
    Files.writeString(f, VALID);
    Path journal = dir.resolve("kme");
    // A real holder of the journal: the KMEs of a service in this JVM keep the H2 file open.
    KmeDirectory directory = new KmeDirectory(List.of("a", "b"), Map.of("alice", 0, "bob", 1),
        List.of(List.of("alice", "bob")));
    try (KmeService held = KmeService.start(directory, new KmeLimits(256, 64, 1024, 16, 1 << 20),
        1, KmeJournal.h2(journal))) {
      Outcome o = cli("serve", f.toString(), "--port", "0", "--journal", journal.toString(),
          "--keystore", "none.p12", "--truststore", "none.p12");
      assertEquals(2, o.exit(), o.err());
      assertEquals("qbone: --journal " + journal + ".mv.db is in use by this process",
          o.err().strip());
    }
  }

  @Test
  void serveRefusesAFlowWithoutAPathBeforeItAnnouncesTheApi() throws Exception {
    String metro = Files.readString(Path.of("..", "scenarios", "kme-metro.yaml"));
    String bad = metro.replace("  - {name: branch, kind: end}\n",
        "  - {name: branch, kind: end}\n  - {name: iso, kind: end}\n")
        .replace("qkd:\n", "flows:\n  - {from: hq, to: iso}\nqkd:\n");
    int line = (int) bad.substring(0, bad.indexOf("  - {from: hq, to: iso}")).lines().count() + 1;
    Path f = dir.resolve("no-path.yaml");
    Files.writeString(f, bad);
    Outcome o = cli("serve", f.toString(), "--port", "0", "--journal",
        dir.resolve("kme").toString(), "--keystore", "none.p12", "--truststore", "none.p12");
    assertEquals(2, o.exit(), o.err());
    assertEquals("qbone: " + f + ":" + line + ": field 'flows[0].to': no path from 'hq' to 'iso'",
        o.err().strip());
    assertEquals("", o.out(), "no API announced");
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "run             | --threads | 100000 | --threads must be 1 to 256 per member, got 100000",
      "run             | --threads | 257    | --threads must be 1 to 256 per member, got 257",
      "run             | --members | 1000   | --members must be 1 to 64, got 1000",
      "compare-routing | --threads | 100000 | --threads must be 1 to 256 per member, got 100000",
      "compare-routing | --members | 0      | --members must be 1 to 64, got 0",
  })
  void absurdThreadAndMemberCountsAreBadInput(String command, String option, String value,
      String expected) throws Exception {
    Path f = dir.resolve("ok.yaml");
    Files.writeString(f, VALID);
    Outcome o = command.equals("run")
        ? cli(command, f.toString(), option, value, "--no-metrics", "--no-dashboard")
        : cli(command, f.toString(), option, value, "--json", dir.resolve("c.json").toString(),
            "--csv", dir.resolve("c.csv").toString());
    assertEquals(2, o.exit(), o.err());
    assertEquals("qbone: " + expected, o.err().strip());
  }

  @Test
  void aRunTheWatchdogStopsIsBadInputOnOneLineWithExitCodeTwo() throws Exception {
    // The loader keeps livelocks out; a watchdog limit of 2 events per instant trips on the
    // first instant at which an LP has three events (its flow and link generators start at 0).
    // Logging starts before the capture: SLF4J's start-up notes are not the CLI's output.
    org.slf4j.LoggerFactory.getILoggerFactory();
    Path f = dir.resolve("valid.yaml");
    Files.writeString(f, VALID);
    String property = "qbone.engine.max-events-per-instant";
    Outcome o;
    System.setProperty(property, "2");
    try {
      o = cli("run", f.toString(), "--out", dir.resolve("r.json").toString(),
          "--no-metrics", "--no-dashboard", "--quiet");
    } finally {
      System.clearProperty(property);
    }
    assertEquals(2, o.exit(), o.err());
    String err = o.err().strip();
    assertEquals(1, err.lines().count(), "one line: " + err);
    assertTrue(err.matches("qbone: run stopped by the engine watchdog: LP \\d processed more "
        + "than 2 events at virtual time \\d+ ns without time advancing \\(the last a \\w+ (event|message)\\).*"),
        err);
    assertFalse(Files.exists(dir.resolve("r.json")));
  }

  @Test
  void anInternalErrorIsOneLineAndALogFileWithTheTrace() throws Exception {
    // A malformed JVM property is checked by no command (it is not the command's input): when
    // the loader reads it, it fails as an internal error.
    Path f = dir.resolve("valid.yaml");
    Files.writeString(f, VALID);
    String property = "qbone.scenario.max-events-per-us";
    Outcome o;
    System.setProperty(property, "lots");
    try {
      o = cli("run", f.toString(), "--out", dir.resolve("r.json").toString(),
          "--no-metrics", "--no-dashboard", "--quiet");
    } finally {
      System.clearProperty(property);
    }
    assertEquals(1, o.exit(), o.err());
    String err = o.err().strip();
    assertEquals(1, err.lines().count(), "one line: " + err);
    String head = "qbone: internal error: IllegalArgumentException: -D" + property + " must be a "
        + "number, got 'lots' (the stack trace is in ";
    assertTrue(err.startsWith(head) && err.endsWith(".log)"), err);
    Path log = Path.of(err.substring(head.length(), err.length() - 1));
    try {
      String trace = Files.readString(log);
      assertTrue(trace.startsWith("qbone 0.1.0, Java "), trace);
      assertTrue(trace.contains("java.lang.IllegalArgumentException: -D" + property), trace);
      assertTrue(trace.contains("\tat io.qbone.deploy.cli.RunCommand.call("), trace);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Test
  void badOptionsExitWithCodeTwo() {
    assertEquals(2, cli("run").exit());
    assertEquals(2, cli("run", "x.yaml", "--members", "0").exit());
    assertEquals(2, cli("frobnicate").exit());
  }

  @Test
  void missingScenarioFileIsAClearError() {
    Outcome o = cli("run", dir.resolve("nope.yaml").toString());
    assertEquals(2, o.exit());
    assertTrue(o.err().contains("nope.yaml"), o.err());
  }
}
