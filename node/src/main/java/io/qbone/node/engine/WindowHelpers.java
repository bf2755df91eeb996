package io.qbone.node.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A member's extra window runners, one per dispatcher thread beyond the coordinator's own. After
 * a window a helper keeps its dispatcher thread and spins for the next window for up to the
 * runtime's spin time ({@link MemberRuntime#spinUntil}), because waking a parked pool thread on this VM took 100-170 µs per window
 * (measured on chain-1000, docs/performance.md), a fifth of a window. With no window in that
 * time it gives the thread back, so a sparse or paced run does not keep a core busy. Helpers
 * run as tasks of the member's dispatcher, so spinning never makes more threads busy than the
 * dispatcher has; the actor messages between windows run on the coordinator's thread meanwhile.
 *
 * <p>Helpers only speed a window up: the coordinator runs whatever chunks they do not take, so a
 * window never waits for a helper that was not started.
 */
final class WindowHelpers {
  /** A window as the helpers see it: its work and what to do if a helper finishes it. */
  private record Window(WindowWork work, long endNs, Runnable endedByHelper) {}

  private final MemberRuntime runtime;
  private final Executor pool;
  private final AtomicReference<Window> current = new AtomicReference<>();
  /** Per helper: whether it holds a dispatcher thread now, spinning or running. */
  private final AtomicBoolean[] onThread;

  WindowHelpers(MemberRuntime runtime, Executor pool, int helpers) {
    this.runtime = runtime;
    this.pool = pool;
    this.onThread = new AtomicBoolean[helpers];
    for (int h = 0; h < helpers; h++) {
      onThread[h] = new AtomicBoolean();
    }
  }

  /** Offers a window's work to the helpers, starting those not on a thread. */
  void offer(WindowWork work, long endNs, Runnable endedByHelper) {
    if (onThread.length == 0) {
      return;
    }
    current.set(new Window(work, endNs, endedByHelper));
    for (int h = 0; h < onThread.length; h++) {
      if (onThread[h].compareAndSet(false, true)) {
        int helper = h;
        pool.execute(() -> help(helper));
      }
    }
  }

  /** Helper {@code h} runs segment h + 1 of each window first (segment 0 is the coordinator's). */
  private void help(int h) {
    Window seen = null;
    while (true) {
      Window w = awaitWindowAfter(seen);
      if (w == null) {
        onThread[h].set(false);
        // A window offered between the last look and giving the thread back found this helper
        // on a thread and did not start it: take that window on, unless it was started since.
        Window late = current.get();
        if (late == seen || !late.work().hasChunks() || !onThread[h].compareAndSet(false, true)) {
          return;
        }
        w = late;
      }
      seen = w;
      if (w.work().run(runtime, w.endNs(), h + 1) && w.work().claimEnd()) {
        w.endedByHelper().run();
      }
    }
  }

  /** The next window after {@code seen}, or null if none came within the spin time. */
  private Window awaitWindowAfter(Window seen) {
    return runtime.spinUntil(() -> current.get() != seen) ? current.get() : null;
  }
}
