package io.qbone.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.FlowReport;
import io.qbone.protocol.v1.LinkCut;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.NodeCrash;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class InjectorTest {
  private static final int LPS = 12;
  private static final long LOOKAHEAD = 1_000_000; // 1 ms
  private static final long END = 400_000_000; // 0.4 s

  private static LpMessage.Builder cut(int link) {
    return LpMessage.newBuilder().setFault(Fault.newBuilder().setLinkCut(LinkCut.newBuilder().setLink(link)));
  }

  private static RunResult run(int members, double speed, Injector injector, RunProgress progress)
      throws Exception {
    return new EmbeddedCluster(members, 2, EngineDeterminismTest.SERIALIZE_ALL).run(
        new EngineSettings(LOOKAHEAD, END, 3, speed), LPS, lp -> new Recorder(), System::nanoTime,
        progress, injector);
  }

  @Test
  void injectionsBeforeTheFirstWindowArriveAtTimeZeroOnTheirTargetOnlyAndAreRecorded()
      throws Exception {
    Injector injector = new Injector(LPS);
    CompletableFuture<Long> first = injector.inject(5, cut(2));
    CompletableFuture<Long> second = injector.inject(9, LpMessage.newBuilder()
        .setFault(Fault.newBuilder().setNodeCrash(NodeCrash.newBuilder().setNode(9))));
    RunResult r = run(3, 0, injector, new RunProgress());

    assertEquals(0L, first.get(5, TimeUnit.SECONDS));
    assertEquals(0L, second.get(5, TimeUnit.SECONDS));
    for (LpReport lp : r.reports()) {
      FlowReport seen = lp.getFlows(0);
      long expected = lp.getLp() == 5 || lp.getLp() == 9 ? 1 : 0;
      assertEquals(expected, seen.getDelivered(), "injections seen by LP " + lp.getLp());
      if (expected == 1) {
        assertEquals(0, seen.getFirstDeliveryNs());
      }
    }
    assertEquals(2, r.injections().size());
    // Injected messages come from outside the model: no LP sent them.
    assertTrue(r.messagesSent().isEmpty(), r.messagesSent().toString());
    LpMessage applied = r.injections().get(0);
    assertEquals(5, applied.getTarget());
    assertEquals(Injector.OUTSIDE, applied.getOrigin());
    assertEquals(2, applied.getFault().getLinkCut().getLink());
    assertEquals(0, r.causalityViolations());
    assertEquals(0, r.malformedMessages());
  }

  @Test
  void aLiveInjectionArrivesAtTheStampTheCoordinatorRecorded() throws Exception {
    Injector injector = new Injector(LPS);
    RunProgress progress = new RunProgress();
    // Paced at 1 virtual second per wall second, so the run is still going when we inject.
    CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> {
      try {
        return run(1, 1.0, injector, progress);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (progress.virtualNs() == 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    CompletableFuture<Long> stamp = injector.inject(7, cut(1));
    RunResult r = run.get(60, TimeUnit.SECONDS);

    long at = stamp.get(5, TimeUnit.SECONDS);
    assertTrue(at > 0 && at < END, "stamped inside the run: " + at);
    assertEquals(0, at % LOOKAHEAD, "windows here are whole lookaheads; stamp " + at);
    FlowReport seen = r.reports().get(7).getFlows(0);
    assertEquals(1, seen.getDelivered());
    assertEquals(at, seen.getFirstDeliveryNs());
    assertEquals(1, r.injections().size());
    assertEquals(at, r.injections().get(0).getDeliverAtNs());
    assertEquals(0, r.causalityViolations());

    // After the run, injections fail instead of waiting forever.
    var late = assertThrows(ExecutionException.class, () -> injector.inject(7, cut(1)).get());
    assertTrue(late.getCause().getMessage().contains("ended"), late.getCause().getMessage());
  }

  @Test
  void anInjectionForAnLpOutsideTheRunIsRefused() {
    Injector injector = new Injector(LPS);
    var e = assertThrows(IllegalArgumentException.class, () -> injector.inject(LPS, cut(0)));
    assertEquals("no LP 12 (the run has 12)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> injector.inject(0, LpMessage.newBuilder()));
  }

  /** Ticks every lookahead so windows keep opening; records the injected messages it gets. */
  static final class Recorder implements LpModel {
    private long seen;
    private long firstAtNs = -1;

    @Override
    public void start(LpContext ctx) {
      ctx.schedule(0, "tick");
    }

    @Override
    public void onEvent(LpContext ctx, Object event) {
      ctx.schedule(ctx.now() + LOOKAHEAD, "tick");
    }

    @Override
    public void onMessage(LpContext ctx, LpMessage message) {
      if (message.getOrigin() != Injector.OUTSIDE || !message.hasFault()) {
        throw new MalformedMessageException("only injected faults are expected");
      }
      seen++;
      if (firstAtNs < 0) {
        firstAtNs = ctx.now();
      }
    }

    @Override
    public void report(LpReport.Builder report) {
      report.addFlows(FlowReport.newBuilder().setDelivered(seen).setFirstDeliveryNs(firstAtNs));
    }
  }
}
