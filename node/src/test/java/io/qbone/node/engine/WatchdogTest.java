package io.qbone.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.LinkCut;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The engine stops runs that cannot progress in virtual time with a {@link WatchdogException}
 * naming the LP and the event type: a livelock at one instant, a time beyond 2^63 ns when
 * scheduling or sending (caught before it wraps), a model that overflows at start, and windows
 * that stop advancing because messages land in the past.
 */
class WatchdogTest {
  private static final int LPS = 4;
  private static final long LOOKAHEAD = 1_000;
  private static final long END = 1_000_000;
  private static final Watchdog TIGHT = new Watchdog(5_000);

  /** An event type of the test models, named in the watchdog's messages. */
  record Spin() {}

  private static WatchdogException stopped(int members, Consumer<LpContext> onStart,
      Behaviour behaviour) {
    EngineSettings settings = new EngineSettings(LOOKAHEAD, END, 3, 0, 0, TIGHT);
    ModelFactory factory = lp -> new Model(lp == 2 ? onStart : ctx -> {},
        lp == 2 ? behaviour : (ctx, e) -> {});
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> new EmbeddedCluster(members, 2, EngineDeterminismTest.SERIALIZE_ALL)
            .run(settings, LPS, factory, System::nanoTime));
    return assertInstanceOf(WatchdogException.class, e.getCause(), String.valueOf(e.getCause()));
  }

  @Test
  void eventsWithoutTimeAdvancingStopTheRunNamingTheLpAndEvent() {
    for (int members : new int[] {1, 2}) {
      WatchdogException e = stopped(members, ctx -> ctx.schedule(700, new Spin()),
          (ctx, ev) -> ctx.schedule(ctx.now(), new Spin()));
      assertTrue(e.getMessage().startsWith("LP 2 processed more than 5000 events at virtual time "
          + "700 ns without time advancing (the last a Spin event)"), e.getMessage());
    }
  }

  @Test
  void aTimeBeyondTwoToTheSixtyThreeIsReportedWhenScheduledNotWrapped() {
    WatchdogException e = stopped(1, ctx -> ctx.schedule(10, new Spin()),
        (ctx, ev) -> ctx.schedule(ctx.now() + Long.MAX_VALUE, new Spin()));
    assertTrue(e.getMessage().startsWith("LP 2 scheduled a Spin event beyond the representable "
        + "virtual time (2^63 ns, 292 years) at 10 ns: the time wrapped around to "
        + (10 + Long.MAX_VALUE) + " ns"), e.getMessage());
  }

  @Test
  void aSendBeyondTheRepresentableTimeIsReported() {
    WatchdogException e = stopped(2, ctx -> ctx.schedule(10, new Spin()),
        (ctx, ev) -> ctx.send(1, Long.MAX_VALUE, cut()));
    assertTrue(e.getMessage().startsWith("LP 2 sent a fault message beyond the representable "
        + "virtual time (2^63 ns) at 10 ns: delay " + Long.MAX_VALUE + " ns"), e.getMessage());
  }

  @Test
  void anOverflowWhileAModelStartsFailsTheRunInsteadOfHangingWindowZero() {
    WatchdogException e = stopped(1, ctx -> ctx.schedule(Long.MAX_VALUE + 1, new Spin()),
        (ctx, ev) -> {});
    assertTrue(e.getMessage().startsWith("LP 2 scheduled a Spin event beyond the representable"),
        e.getMessage());
  }

  @Test
  void messagesIntoThePastNeverStallTheRunAndAreCountedAsViolations() throws Exception {
    // LP 2 and LP 3 answer each other at once (a delay below the lookahead), forever.
    EngineSettings settings = new EngineSettings(LOOKAHEAD, END, 3, 0, 0, TIGHT);
    ModelFactory factory = lp -> new Model(
        lp == 2 ? ctx -> ctx.schedule(500, new Spin()) : ctx -> {},
        (ctx, ev) -> {
          if (lp >= 2) {
            ctx.send(5 - lp, 0, cut());
          }
        });
    for (int members : new int[] {1, 2}) {
      RunResult r = new EmbeddedCluster(members, 1, EngineDeterminismTest.SERIALIZE_ALL)
          .run(settings, LPS, factory, System::nanoTime);
      // Windows never go back: the run reaches its end, and every such send is counted.
      assertTrue(r.causalityViolations() > 0, members + " member(s)");
    }
  }

  private static LpMessage.Builder cut() {
    return LpMessage.newBuilder()
        .setFault(Fault.newBuilder().setLinkCut(LinkCut.newBuilder().setLink(1)));
  }

  interface Behaviour {
    void on(LpContext ctx, Object eventOrMessage);
  }

  /** Runs {@code onStart}, then {@code behaviour} for every event and message. */
  record Model(Consumer<LpContext> onStart, Behaviour behaviour) implements LpModel {
    @Override
    public void start(LpContext ctx) {
      onStart.accept(ctx);
    }

    @Override
    public void onEvent(LpContext ctx, Object event) {
      behaviour.on(ctx, event);
    }

    @Override
    public void onMessage(LpContext ctx, LpMessage message) {
      behaviour.on(ctx, message);
    }

    @Override
    public void report(LpReport.Builder report) {}
  }
}
