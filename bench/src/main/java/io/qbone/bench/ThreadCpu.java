package io.qbone.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time of this process's threads since construction, summed by category: a function of each
 * thread's Linux name (at most 15 characters). Read from /proc/self/task (Linux; empty elsewhere)
 * because the JIT and GC threads, which the benchmarks need to see, are invisible to the JVM's
 * thread API. Linux counts in 10 ms ticks. A thread that ends before the reading loses its CPU to
 * the split, so the benchmarks keep their threads alive across the measurement.
 */
final class ThreadCpu {
  /** Linux reports thread CPU in clock ticks of 10 ms (USER_HZ = 100). */
  private static final long NANOS_PER_TICK = 10_000_000;

  private record Sample(String name, long ticks) {}

  private final Function<String, String> category;
  /** By thread id. */
  private final Map<String, Sample> start;

  ThreadCpu(Function<String, String> category) {
    this.category = category;
    this.start = sample();
  }

  /**
   * The JVM's own threads by their Linux names: "jit" (the C1 and C2 compilers), "gc" (G1's
   * workers, refinement and marking, and the VM thread that runs the pauses), or null for any
   * other thread.
   */
  static String jvmRole(String comm) {
    if (comm.startsWith("C2 Compiler") || comm.startsWith("C1 Compiler")) {
      return "jit";
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.startsWith("VM Thread")) {
      return "gc";
    }
    return null;
  }

  /** Nanoseconds of CPU per category since construction. */
  Map<String, Long> nanosSinceStart() {
    Map<String, Long> byCategory = new HashMap<>();
    for (var e : sample().entrySet()) {
      Sample before = start.get(e.getKey());
      long ticks = e.getValue().ticks() - (before == null ? 0 : before.ticks());
      byCategory.merge(category.apply(e.getValue().name()), ticks * NANOS_PER_TICK, Long::sum);
    }
    return byCategory;
  }

  private static Map<String, Sample> sample() {
    Map<String, Sample> byThread = new HashMap<>();
    File[] tasks = new File("/proc/self/task").listFiles();
    if (tasks == null) {
      return byThread;
    }
    for (File task : tasks) {
      try {
        String name = Files.readString(task.toPath().resolve("comm")).strip();
        String stat = Files.readString(task.toPath().resolve("stat"));
        // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        byThread.put(task.getName(),
            new Sample(name, Long.parseLong(f[11]) + Long.parseLong(f[12])));
      } catch (IOException | RuntimeException e) {
        // The thread ended between listing and reading: its CPU is lost to the split.
      }
    }
    return byThread;
  }
}
