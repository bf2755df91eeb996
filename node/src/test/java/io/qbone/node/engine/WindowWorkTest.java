package io.qbone.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How a window's LPs are shared among its runners ({@link WindowWork}, {@link WindowHelpers}). */
class WindowWorkTest {
  private static final long EVENT_NS = 5;
  private static final long WINDOW_END_NS = 100;

  /** Each LP has one event inside the window; running it records the LP. */
  private static MemberRuntime runtimeWith(int lps, List<Integer> order, AtomicIntegerArray runs) {
    ModelFactory factory = lp -> new LpModel() {
      @Override
      public void start(LpContext ctx) {
        ctx.schedule(EVENT_NS, "tick");
      }

      @Override
      public void onEvent(LpContext ctx, Object event) {
        order.add(ctx.self());
        runs.incrementAndGet(ctx.self());
      }

      @Override
      public void onMessage(LpContext ctx, LpMessage message) {}

      @Override
      public void report(LpReport.Builder report) {}
    };
    MemberRuntime runtime = new MemberRuntime(new EngineSettings(WINDOW_END_NS, 1_000, 1, 0),
        LpPlacement.blocks(lps, 1),
        factory, System::nanoTime, UnaryOperator.identity(), 2, 0);
    for (int lp = 0; lp < lps; lp++) {
      LogicalProcess process = new LogicalProcess(lp, runtime);
      runtime.ledger.registerInitialized(lp, process, process.nextEventTime());
    }
    return runtime;
  }

  @Test
  void aRunnerAloneRunsItsHomeSegmentFirstThenTheRest() {
    List<Integer> order = new CopyOnWriteArrayList<>();
    MemberRuntime runtime = runtimeWith(10, order, new AtomicIntegerArray(10));
    int[] woken = runtime.ledger.beginWindow(1, WINDOW_END_NS);
    WindowWork work = new WindowWork(woken, 10, 2);

    // Runner 1's home is LPs 5-9; with no other runner it also takes segment 0's chunks.
    assertTrue(work.run(runtime, WINDOW_END_NS, 1), "it ran the last LP");
    assertEquals(List.of(5, 6, 7, 8, 9, 0, 1, 2, 3, 4), order);
    assertFalse(work.hasChunks());
    assertTrue(work.awaitFinished(runtime));
    assertTrue(work.claimEnd());
    assertFalse(work.claimEnd(), "a window ends once");
  }

  @Test
  void twoRunnersTogetherRunEveryLpExactlyOnce() throws Exception {
    int lps = 5_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(lps);
    MemberRuntime runtime = runtimeWith(lps, new CopyOnWriteArrayList<>(), runs);
    WindowWork work = new WindowWork(runtime.ledger.beginWindow(1, WINDOW_END_NS), lps, 2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Boolean>> last = threads.invokeAll(List.of(
          () -> work.run(runtime, WINDOW_END_NS, 0), () -> work.run(runtime, WINDOW_END_NS, 1)));
      int finishers = 0;
      for (Future<Boolean> f : last) {
        finishers += f.get() ? 1 : 0;
      }
      assertEquals(1, finishers, "exactly one runner finishes the last LP");
    } finally {
      threads.shutdown();
    }
    assertTrue(IntStream.range(0, lps).allMatch(lp -> runs.get(lp) == 1));
    assertEquals(lps, runtime.ledger.snapshot().events());
  }

  @Test
  void aHelperRunsAWindowNobodyElseRunsEndsItAndIsStartedAgainForTheNext() throws Exception {
    int lps = 1_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(lps);
    MemberRuntime runtime = runtimeWith(lps, new CopyOnWriteArrayList<>(), runs);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      WindowHelpers helpers = new WindowHelpers(runtime, pool, 1);
      int[] woken = runtime.ledger.beginWindow(1, WINDOW_END_NS);
      // The coordinator runs nothing here: the helper must take its own segment and the other.
      WindowWork first = new WindowWork(woken, lps, 2);
      CountDownLatch firstEnded = new CountDownLatch(1);
      helpers.offer(first, WINDOW_END_NS, firstEnded::countDown);
      assertTrue(firstEnded.await(30, TimeUnit.SECONDS), "the helper ended the window");
      assertTrue(IntStream.range(0, lps).allMatch(lp -> runs.get(lp) == 1));
      assertFalse(first.claimEnd(), "the helper claimed the end");

      // With no spin time the helper has given its thread back; a new window starts it again.
      WindowWork second = new WindowWork(woken, lps, 2);
      CountDownLatch secondEnded = new CountDownLatch(1);
      helpers.offer(second, 2 * WINDOW_END_NS, secondEnded::countDown);
      assertTrue(secondEnded.await(30, TimeUnit.SECONDS), "the helper ended the next window");
      assertFalse(second.hasChunks());
    } finally {
      pool.shutdownNow();
    }
  }
}
