package io.qbone.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this process's Java threads since construction, summed by who they work for: the
 * KME ("server": its actor system, HTTP server and journal pool) or the load generator
 * ("client": the benchmark's threads and the JDK HttpClient's). Threads that ended in between
 * are lost, so the benchmark keeps its threads alive across the measurement.
 */
final class ThreadCpu {
  private final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> start = new HashMap<>();

  ThreadCpu() {
    for (long id : bean.getAllThreadIds()) {
      long cpu = bean.getThreadCpuTime(id);
      if (cpu >= 0) {
        start.put(id, cpu);
      }
    }
  }

  /** Seconds of CPU per role ("server", "client", "other") since construction. */
  Map<String, Double> secondsSinceStart() {
    Map<String, Double> byRole = new TreeMap<>();
    for (long id : bean.getAllThreadIds()) {
      long cpu = bean.getThreadCpuTime(id);
      ThreadInfo info = bean.getThreadInfo(id);
      if (cpu < 0 || info == null) {
        continue;
      }
      double seconds = (cpu - start.getOrDefault(id, 0L)) / 1e9;
      byRole.merge(role(info.getThreadName()), seconds, Double::sum);
    }
    return byRole;
  }

  private static String role(String thread) {
    if (thread.startsWith("qbone-kme") || thread.startsWith("db-")
        || thread.startsWith("H2 ") || thread.startsWith("MVStore")) {
      return "server";
    }
    if (thread.equals("client") || thread.startsWith("HttpClient")) {
      return "client";
    }
    return "other";
  }
}
