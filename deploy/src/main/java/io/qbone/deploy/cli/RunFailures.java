package io.qbone.deploy.cli;

import io.qbone.node.engine.WatchdogException;
import java.util.concurrent.ExecutionException;

/**
 * One line for a run the engine stopped: the watchdog's stops are the input's fault (values that
 * livelock or overflow virtual time), exit code 2; a model failure is ours, exit code 1.
 */
final class RunFailures {
  private RunFailures() {}

  /** Prints the line and returns the exit code; {@code what} is e.g. "run". */
  static int report(ExecutionException e, String what) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    if (cause instanceof WatchdogException) {
      System.err.println("qbone: " + what + " stopped by the engine watchdog: "
          + cause.getMessage());
      return QboneCli.EXIT_BAD_INPUT;
    }
    // The engine stopped the run (a model failure, details in the log above).
    System.err.println("qbone: " + what + " failed: " + cause.getMessage());
    return 1;
  }
}
