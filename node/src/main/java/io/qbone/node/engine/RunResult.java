package io.qbone.node.engine;

import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.MessageCount;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a finished run returns: every LP's report in LP order, plus how the engine got there.
 *
 * @param reports one per LP, sorted by LP index
 * @param windows epochs opened (the members' barriers): depends on the model and on the
 *     member lookahead, so on the placement
 * @param lpsPerMember how many LPs each member hosted, members in address order (host, then
 *     port), which is the order of the {@link LpPlacement}'s member indices
 * @param pollRounds extra rounds needed because messages were still in flight (not deterministic)
 * @param times where the wall time of the windows went (not deterministic)
 * @param phases wall time of cluster start, the run itself and shutdown (not deterministic)
 * @param injections messages injected from outside during the run ({@link Injector}), in
 *     delivery order with their virtual delivery times: replaying them reproduces the run
 */
public record RunResult(
    List<LpReport> reports, long windows, List<Integer> lpsPerMember, long pollRounds,
    EngineTimes times, Phases phases, List<LpMessage> injections) {

  /**
   * Wall time of the three phases of an embedded run.
   *
   * @param clusterStartNanos ActorSystems, cluster formation, shard regions registered
   * @param runNanos from the coordinators' start (creating the LPs) to every report collected
   * @param clusterStopNanos shutting the members down
   */
  public record Phases(long clusterStartNanos, long runNanos, long clusterStopNanos) {}

  RunResult withPhases(Phases p) {
    return new RunResult(reports, windows, lpsPerMember, pollRounds, times, p, injections);
  }

  /**
   * Wall-clock accounting of the windows.
   *
   * @param windowWallNanos from opening each window to closing it, summed
   * @param lpBusyNanos time LPs spent processing their events, summed over all LPs
   * @param lpWakes windows run by LPs, summed over all LPs
   * @param secondHalfWindowWallNanos the part of {@code windowWallNanos} spent on windows that
   *     end in the second half of the run's virtual time: a throughput measured there leaves out
   *     the JIT compiler's warm-up, which on two cores takes a window thread's core for seconds
   * @param secondHalfEvents events processed in those windows
   * @param memberWindows windows the members opened inside the epochs, summed over members
   * @param barrierWaitNanos wall time members waited from finishing an epoch (their windows run,
   *     their batches sent) to the next epoch's start, summed over members
   */
  public record EngineTimes(long windowWallNanos, long lpBusyNanos, long lpWakes,
      long secondHalfWindowWallNanos, long secondHalfEvents, long memberWindows,
      long barrierWaitNanos) {}

  public long events() {
    return reports.stream().mapToLong(LpReport::getEvents).sum();
  }

  public long causalityViolations() {
    return reports.stream().mapToLong(LpReport::getCausalityViolations).sum();
  }

  public long malformedMessages() {
    return reports.stream().mapToLong(LpReport::getMalformedMessages).sum();
  }

  /**
   * Messages LPs sent to LPs during the run, by body type (the LpMessage body field name), sorted
   * by type; merged in LP order. Messages from outside the model (a scenario's scheduled faults,
   * the API's {@link #injections}) are not LP sends and not counted here.
   */
  public SortedMap<String, Long> messagesSent() {
    TreeMap<String, Long> byType = new TreeMap<>();
    for (LpReport r : reports) {
      for (MessageCount c : r.getMessagesSentList()) {
        byType.merge(c.getType(), c.getSent(), Long::sum);
      }
    }
    return Collections.unmodifiableSortedMap(byType);
  }
}
