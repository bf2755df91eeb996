package io.qbone.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Instructions and cycles retired by this JVM's threads over an interval, by thread category,
 * counted by Linux {@code perf stat --per-thread} (needs perf and the right to attach, e.g. root).
 * Instructions per event do not depend on how fast the host happens to be, unlike wall or CPU
 * time: on a shared VM they show a cost of a few percent that timings bury in their noise. Threads
 * started after {@link #start} are not counted, so start it once the threads to watch run.
 */
final class PerfCounters {
  /** Counts over the interval. */
  record Counts(long instructions, long cycles) {
    Counts plus(Counts o) {
      return new Counts(instructions + o.instructions, cycles + o.cycles);
    }
  }

  private final Process perf;
  private final Function<String, String> category;

  private PerfCounters(Process perf, Function<String, String> category) {
    this.perf = perf;
    this.category = category;
  }

  /** Starts counting this JVM's threads; {@code category} maps a thread's Linux name. */
  static PerfCounters start(Function<String, String> category) throws IOException {
    return new PerfCounters(new ProcessBuilder("perf", "stat", "--per-thread", "-x,", "-e",
        "instructions,cycles", "-p", Long.toString(ProcessHandle.current().pid()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start(), category);
  }

  /** Stops counting and returns the counts by category. */
  Map<String, Counts> stop() throws IOException, InterruptedException {
    // perf stat prints its counts when interrupted.
    new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
    if (!perf.waitFor(30, TimeUnit.SECONDS)) {
      perf.destroyForcibly();
      throw new IOException("perf stat did not end");
    }
    // CSV on standard error, a line per thread and event: comm-tid,value,unit,event,...
    Map<String, Counts> byCategory = new TreeMap<>();
    String report = new String(perf.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    for (String line : report.split("\n")) {
      String[] f = line.split(",");
      if (f.length < 4 || !f[1].matches("[0-9]+") || f[0].lastIndexOf('-') < 0) {
        continue; // a header, or a thread that ended or was not scheduled
      }
      String c = category.apply(f[0].substring(0, f[0].lastIndexOf('-')));
      long v = Long.parseLong(f[1]);
      Counts add = f[3].startsWith("instructions") ? new Counts(v, 0)
          : f[3].startsWith("cycles") ? new Counts(0, v) : new Counts(0, 0);
      byCategory.merge(c, add, Counts::plus);
    }
    if (byCategory.isEmpty()) {
      throw new IOException("perf stat counted nothing: " + report.strip());
    }
    return byCategory;
  }
}
