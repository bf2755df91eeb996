package io.qbone.node.engine;

import io.qbone.protocol.v1.LpMessage;
import java.util.SplittableRandom;

/** What the engine offers a model: its clock, its event queue, messaging and random streams. */
public interface LpContext {
  /** This LP's index. */
  int self();

  /** Current virtual time in ns: the time of the event being handled. */
  long now();

  /** Schedules {@code event} for this LP at absolute virtual time {@code atNs >= now()}. */
  void schedule(long atNs, Object event);

  /**
   * Sends a message to another LP, delivered {@code delayNs} after now. The delay must be at
   * least the run's lookahead (every link's delay is); a shorter one counts as a causality
   * violation.
   */
  void send(int target, long delayNs, LpMessage.Builder message);

  /**
   * A random stream of this LP, seeded from (run seed, LP index, name); the same name always
   * gives the same stream object within a run.
   */
  SplittableRandom random(String name);
}
