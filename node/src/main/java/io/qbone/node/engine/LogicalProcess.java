package io.qbone.node.engine;

import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.MessageCount;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one logical process: its virtual clock, event queue, random streams and the model
 * of its network element. Its {@link LpEntity} creates it and feeds it messages from other
 * members; the member's window workers run it. The coordination protocol guarantees that only
 * one thread touches it at a time: the entity before the first window (creation) and after the
 * last (report), one worker during a window. Messages only ever arrive through the thread-safe
 * inbox, and are moved into the event queue when a window opens, in (time, origin, sequence)
 * order, so arrival order never affects results.
 */
final class LogicalProcess implements LpContext {
  private static final Logger LOG = LoggerFactory.getLogger(LogicalProcess.class);
  private static final LpMessage.BodyCase[] BODY_CASES = LpMessage.BodyCase.values();

  private final int lp;
  private final MemberRuntime runtime;
  private final EventQueue queue = new EventQueue();
  private final Queue<LpMessage> inbox = new ConcurrentLinkedQueue<>();
  private final Map<String, SplittableRandom> randoms = new HashMap<>();
  /** Where this window's sends and wake-ups are tallied (the running worker's). */
  private MemberLedger.WindowTally tally;
  private final LpModel model;
  private long clockNs;
  private long windowEndNs;
  private boolean inWindow;
  private long nextSeq;
  private long events;
  private long causalityViolations;
  private long malformed;
  /** Messages this LP sent, indexed by body case ordinal: one increment per send, no boxing. */
  private final long[] sentByBody = new long[BODY_CASES.length];

  /** Creates the model, lets it schedule its first events and queues its scheduled messages. */
  LogicalProcess(int lp, MemberRuntime runtime) {
    this.lp = lp;
    this.runtime = runtime;
    this.model = runtime.factory.create(lp);
    model.start(this);
    for (LpMessage m : runtime.factory.schedule().forLp(lp)) {
      enqueue(m);
    }
  }

  /** Hands over a message; any thread may call this. */
  void deliver(LpMessage m) {
    inbox.add(m);
  }

  long nextEventTime() {
    return queue.isEmpty() ? -1 : queue.peekTime();
  }

  /** Processes every event before {@code endNs}; sends and its next event go to {@code tally}. */
  void runWindow(long endNs, MemberLedger.WindowTally tally) {
    drainInbox();
    windowEndNs = endNs;
    this.tally = tally;
    inWindow = true;
    try {
      processWindow();
    } catch (WatchdogException stop) {
      // Bad input, not a bug: the run's error carries the message (the CLI prints it once).
      LOG.info("LP {} stopped by the watchdog: {}", lp, stop.getMessage());
      runtime.ledger.recordFailure(stop.getMessage(), true);
    } catch (RuntimeException bug) {
      // A model bug must stop the run with its cause, not leave the window open forever.
      LOG.error("LP {} failed at {} ns", lp, clockNs, bug);
      runtime.ledger.recordFailure("LP " + lp + " failed at " + clockNs + " ns: " + bug, false);
    }
    inWindow = false;
    long next = nextEventTime();
    if (next >= 0) {
      tally.wake(lp, next);
    }
    this.tally = null;
  }

  private void processWindow() {
    long instant = -1;
    long atInstant = 0;
    final long maxAtInstant = runtime.settings.watchdog().maxEventsPerInstant();
    while (!queue.isEmpty() && queue.peekTime() < windowEndNs) {
      long time = queue.peekTime();
      Object payload = queue.poll();
      // The watchdog's one comparison per event: a run of events at one instant is a livelock.
      if (time != instant) {
        instant = time;
        atInstant = 0;
      } else if (++atInstant >= maxAtInstant) {
        throw new WatchdogException("LP " + lp + " processed more than " + maxAtInstant
            + " events at virtual time " + time + " ns without time advancing (the last a "
            + typeOf(payload) + "): a period, interval or rate too small for the 1 ns "
            + "resolution livelocks the run (-D" + Watchdog.EVENTS_PER_INSTANT + ")");
      }
      clockNs = time;
      events++;
      tally.events++;
      if (payload instanceof LpMessage m) {
        try {
          model.onMessage(this, m);
        } catch (MalformedMessageException bad) {
          malformed++;
          LOG.warn("LP {} dropped a message from LP {}: {}", lp, m.getOrigin(), bad.getMessage());
        }
      } else {
        model.onEvent(this, payload);
      }
    }
  }

  private void drainInbox() {
    LpMessage m;
    while ((m = inbox.poll()) != null) {
      enqueue(m);
    }
  }

  /** Queues a message for its delivery time, or drops it as malformed (counted, logged). */
  private void enqueue(LpMessage m) {
    if (m.getTarget() != lp || m.getBodyCase() == LpMessage.BodyCase.BODY_NOT_SET
        || m.getDeliverAtNs() < 0) {
      malformed++;
      LOG.warn("LP {} dropped a malformed or misaddressed message from LP {}", lp, m.getOrigin());
      return;
    }
    long t = m.getDeliverAtNs();
    // A message may never land inside a window this LP already ran, nor in an epoch its member
    // already finished (the LP may have had nothing to run then, but its member said it was done).
    if (t < windowEndNs || t < runtime.ranUntilNs) {
      causalityViolations++;
    }
    queue.add(t, m.getOrigin(), m.getSeq(), m);
  }

  /** What this LP measured; called after the last window. */
  LpReport report() {
    drainInbox(); // messages that arrived after the last window still count as malformed or late
    LpReport.Builder report = LpReport.newBuilder();
    model.report(report);
    for (LpMessage.BodyCase body : BODY_CASES) {
      long n = sentByBody[body.ordinal()];
      if (n > 0 && body != LpMessage.BodyCase.BODY_NOT_SET) {
        report.addMessagesSent(MessageCount.newBuilder().setType(typeName(body)).setSent(n));
      }
    }
    return report.setLp(lp).setEvents(events).setCausalityViolations(causalityViolations)
        .setMalformedMessages(malformed).build();
  }

  /** What an event is, for the watchdog's messages: a message's body type or the class. */
  static String typeOf(Object payload) {
    return payload instanceof LpMessage m ? typeName(m.getBodyCase()) + " message"
        : payload.getClass().getSimpleName() + " event";
  }

  /** The body's field name in engine.proto (snake_case, as in results). */
  private static String typeName(LpMessage.BodyCase body) {
    return LpMessage.getDescriptor().findFieldByNumber(body.getNumber()).getName();
  }

  /** Counts a message of a type an LP never handles. */
  void countUnexpected() {
    malformed++;
  }

  // ---- LpContext: the model's view of the engine ----

  @Override
  public int self() {
    return lp;
  }

  @Override
  public long now() {
    return clockNs;
  }

  @Override
  public void schedule(long atNs, Object event) {
    if (atNs < clockNs) {
      if (atNs < 0) {
        // now + a delay beyond 2^63 ns wrapped around: report it instead of going back in time.
        throw new WatchdogException("LP " + lp + " scheduled a " + typeOf(event) + " beyond "
            + "the representable virtual time (2^63 ns, 292 years) at " + clockNs + " ns: the "
            + "time wrapped around to " + atNs + " ns; a rate, efficiency or delay of the "
            + "scenario puts it centuries ahead");
      }
      throw new IllegalArgumentException(
          "LP " + lp + " scheduled an event at " + atNs + " ns, before its clock " + clockNs);
    }
    queue.add(atNs, lp, nextSeq++, event);
  }

  @Override
  public void send(int target, long delayNs, LpMessage.Builder message) {
    if (!inWindow) {
      // Messages are counted per window; the first events are scheduled, not sent.
      throw new IllegalStateException("LP " + lp + " sent a message outside a window (in start?)");
    }
    long at = clockNs + delayNs;
    if (at < clockNs) {
      if (delayNs < 0) {
        throw new IllegalArgumentException("LP " + lp + " sent a message with delay " + delayNs
            + " ns");
      }
      throw new WatchdogException("LP " + lp + " sent a " + typeName(message.getBodyCase())
          + " message beyond the representable virtual time (2^63 ns) at " + clockNs + " ns: "
          + "delay " + delayNs + " ns");
    }
    if (at < windowEndNs) {
      causalityViolations++; // shorter than the lookahead: could land inside the open window
    }
    message.setDeliverAtNs(at).setOrigin(lp).setSeq(nextSeq++).setTarget(target);
    sentByBody[message.getBodyCase().ordinal()]++;
    boolean local = runtime.deliver(target, message.build(), tally);
    if (!local && at < runtime.epochEndNs) {
      // Shorter than the member lookahead: the target's member may run past it this epoch.
      causalityViolations++;
    }
    tally.sent(target, at, local);
  }

  @Override
  public SplittableRandom random(String name) {
    return randoms.computeIfAbsent(
        name, n -> RandomStreams.stream(runtime.settings.seed(), lp, n));
  }
}
