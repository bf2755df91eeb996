package io.qbone.deploy.kme;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition, checking every 20 ms, and fails with a description at a deadline. */
public final class Poll {
  /** The condition waited for. */
  public interface Check {
    boolean holds() throws Exception;
  }

  private Poll() {}

  public static void until(String what, Duration limit, Check check) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit + " waiting for " + what);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
