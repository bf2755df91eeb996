package io.qbone.node.engine;

/**
 * Thrown by a model for a message it cannot use (unknown flow or link, a state that is not a
 * distribution). The engine drops the message, counts and logs it, and the LP carries on.
 */
public final class MalformedMessageException extends RuntimeException {
  public MalformedMessageException(String message) {
    super(message);
  }
}
