package io.qbone.node.engine;

/**
 * The engine stopped a run that could not go on in virtual time: an LP livelocked at one instant
 * or scheduled or sent beyond the representable time. It is caused by
 * the run's input (absurd but accepted values), so the CLI reports it as bad input (exit code 2).
 */
public final class WatchdogException extends RuntimeException {
  public WatchdogException(String message) {
    super(message, null, false, false);
  }
}
