package io.qbone.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost of metrics and dashboard as pairs of rounds taken in turn by two warm JVMs: one runs
 * everything off and without the agent, the other runs the Kamon metrics with the Pekko
 * instrumentation and the dashboard ({@link MetricsCost} with {@code --paced}). Both JVMs stay
 * up, so both are past the JIT's warm-up, and only one runs at a time, so both get the same
 * cores. The host's speed drifts by up to 2× over minutes; taking the two rounds of a pair
 * back to back, in alternating order (off-on, on-off, ...), makes the drift hit both arms alike,
 * and the per-pair change is the estimate.
 *
 * <p>Run: {@code bench/metrics-cost.sh [scenario] [pairs] [warm-up rounds]}, or {@code java -cp
 * deploy/target/qbone.jar:bench/target/classes io.qbone.bench.MetricsCostPairs
 * bench/results/chain-1000-1s.yaml [--pairs 40] [--warm-up 4] [--threads 2] [--heap 6g]
 * [--perf] [--on-options "--instrumentation"]}. The "on" JVM runs {@link MetricsCost} with
 * {@code --on-options} (default: with the Pekko instrumentation), so that parts can be left out,
 * e.g. {@code "--no-dashboard"} or {@code "--instrumentation --endpoint-only"}. With
 * {@code --perf} each round also counts the instructions and cycles per event, in all and by
 * thread category ({@link PerfCounters}), which the host's changing speed does not disturb; but
 * with it the "on" JVM lost 22-26 % of events/s per pair where the same code lost 16 % without
 * (docs/performance.md; likely per-thread counters making context switches dearer in a VM, and
 * "on" has more threads), so take the events/s verdict from runs without it.
 * Per-pair noise is ±20 % on the project machine, hence 40 pairs by default.
 */
public final class MetricsCostPairs {
  private MetricsCostPairs() {}

  /** A round's line from {@link MetricsCost}: round, mode, CPU ns/event, events/s, ... */
  private static final Pattern ROUND = Pattern.compile(
      "^(?:warm-up|\\d+) (on|off) ([0-9.]+) ([0-9]+) ([0-9]+) (-?[0-9]+) (-?[0-9]+) \\|[ 0-9]*"
          + "(?:\\| ([0-9]+) ([0-9]+) \\| ([0-9]+)[ 0-9]* \\| ([0-9]+)[ 0-9]*)?$");

  /**
   * A round; instructions and cycles per event, in all and of the model (window) threads, are
   * NaN without {@code --perf}.
   */
  record Round(double cpuNsPerEvent, double eventsPerSecond, long events,
      double instructionsPerEvent, double cyclesPerEvent, double modelInstructionsPerEvent,
      double modelCyclesPerEvent, String line) {}

  public static void main(String[] args) throws Exception {
    String scenario = args[0];
    int pairs = 40;
    int warmUp = 4;
    int threads = 2;
    String heap = "6g";
    boolean perf = false;
    String onArm = "--instrumentation";
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--pairs" -> pairs = Integer.parseInt(args[++i]);
        case "--warm-up" -> warmUp = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--heap" -> heap = args[++i];
        case "--perf" -> perf = true;
        case "--on-options" -> onArm = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    try (Arm off = new Arm(scenario, threads, heap, perf, "--only", "off");
        Arm on = new Arm(scenario, threads, heap, perf, (onArm + " --only on --port 19300")
            .strip().split(" +"))) {
      System.out.println("# columns as MetricsCost: round mode cpu_ns_per_event_in_windows"
          + " events_per_s_in_windows events gc_ms jit_ms | cpu_ns_per_event_by_thread: "
          + String.join(" ", MetricsCost.CATEGORIES));
      for (int i = 0; i < warmUp; i++) {
        System.out.println("warm-up " + i + ": " + off.round().line());
        System.out.println("warm-up " + i + ": " + on.round().line());
      }
      // Per-pair changes on/off - 1 of each measure; the first is events/s.
      Map<String, ToDoubleFunction<Round>> measures = new LinkedHashMap<>();
      measures.put("events/s in windows", Round::eventsPerSecond);
      measures.put("CPU per event", Round::cpuNsPerEvent);
      if (perf) {
        measures.put("instructions per event", Round::instructionsPerEvent);
        measures.put("cycles per event", Round::cyclesPerEvent);
        measures.put("window threads' instructions per event", Round::modelInstructionsPerEvent);
        measures.put("window threads' cycles per event", Round::modelCyclesPerEvent);
      }
      Map<String, double[]> changes = new LinkedHashMap<>();
      for (String k : measures.keySet()) {
        changes.put(k, new double[pairs]);
      }
      double[] offRates = new double[pairs];
      double[] onRates = new double[pairs];
      for (int p = 0; p < pairs; p++) {
        // Alternating order: a drift within a pair favours each arm equally often.
        Round a;
        Round b;
        if (p % 2 == 0) {
          a = off.round();
          b = on.round();
        } else {
          b = on.round();
          a = off.round();
        }
        if (a.events() != b.events()) {
          throw new IllegalStateException("the arms ran different events: " + a.events()
              + " off, " + b.events() + " on");
        }
        offRates[p] = a.eventsPerSecond();
        onRates[p] = b.eventsPerSecond();
        System.out.printf("pair %d (%s): off %s%n", p + 1, p % 2 == 0 ? "off first" : "on first",
            a.line());
        System.out.printf("pair %d: on  %s%n", p + 1, b.line());
        StringBuilder line = new StringBuilder("pair " + (p + 1) + ":");
        for (var m : measures.entrySet()) {
          double c = m.getValue().applyAsDouble(b) / m.getValue().applyAsDouble(a) - 1;
          changes.get(m.getKey())[p] = c;
          line.append(String.format(" %s %+.1f %%;", m.getKey(), 100 * c));
        }
        System.out.println(line);
      }
      System.out.printf("events/s in windows, medians: off %.0f, on %.0f (%+.1f %%)%n",
          median(offRates), median(onRates), 100 * (median(onRates) / median(offRates) - 1));
      for (var c : changes.entrySet()) {
        double[] v = c.getValue();
        System.out.printf("per-pair change of %s: median %+.1f %%, range %+.1f .. %+.1f %%%n",
            c.getKey(), 100 * median(v), 100 * Arrays.stream(v).min().orElseThrow(),
            100 * Arrays.stream(v).max().orElseThrow());
      }
      double[] rates = changes.get("events/s in windows");
      System.out.printf("%d of %d pairs lost less than 5 %% of events/s%n",
          Arrays.stream(rates).filter(c -> c > -0.05).count(), pairs);
    }
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** One paced {@link MetricsCost} JVM: a line on its standard input runs one round. */
  private static final class Arm implements AutoCloseable {
    private final Process process;
    private final Writer go;
    private final BufferedReader out;

    Arm(String scenario, int threads, String heap, boolean perf, String... mode)
        throws IOException {
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>(List.of(java, "-XX:+UseParallelGC", "-Xmx" + heap,
          "-cp", System.getProperty("java.class.path"), MetricsCost.class.getName(), scenario,
          "--paced", "--rounds", "100000", "--threads", Integer.toString(threads)));
      command.addAll(List.of(mode));
      if (perf) {
        command.add("--perf");
      }
      process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      go = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Runs one round and returns its line; the JVM's other output is skipped. */
    Round round() throws IOException {
      go.write("go\n");
      go.flush();
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Matcher m = ROUND.matcher(line);
        if (m.matches()) {
          return new Round(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
              Long.parseLong(m.group(4)), number(m.group(7)), number(m.group(8)),
              number(m.group(9)), number(m.group(10)), line);
        }
      }
      int exit;
      try {
        exit = process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exit = -1;
      }
      throw new IOException("a MetricsCost JVM ended without printing its round, exit " + exit);
    }

    private static double number(String s) {
      return s == null ? Double.NaN : Double.parseDouble(s);
    }

    @Override
    public void close() throws Exception {
      go.close(); // end of input: the JVM leaves its round loop and exits
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
