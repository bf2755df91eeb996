package io.qbone.node.engine;

import com.google.protobuf.Message;
import io.qbone.protocol.v1.CollectLp;
import io.qbone.protocol.v1.InitLp;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.MemberWindowDone;
import io.qbone.protocol.v1.RunWindow;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.slf4j.Logger;

/**
 * One logical process: a sharded entity with its own virtual clock, event queue and random
 * streams, hosting the model of one network element. It processes events only when its local
 * coordinator opens a window, so mailbox order never affects results.
 */
final class LpEntity extends AbstractBehavior<Message> implements LpContext {
  private final int lp;
  private final MemberRuntime runtime;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  /** Messages from LPs of this member, moved into the queue when a window opens. */
  private final Queue<LpMessage> inbox = new ConcurrentLinkedQueue<>();
  private final Map<String, SplittableRandom> randoms = new HashMap<>();
  private LpModel model;
  private long clockNs;
  private long windowEndNs;
  private boolean inWindow;
  private long nextSeq;
  private long sentInWindow;
  private final MemberLedger.LocalSends localSends = new MemberLedger.LocalSends();
  private long events;
  private long causalityViolations;
  private long malformed;

  static Behavior<Message> create(int lp, MemberRuntime runtime) {
    return Behaviors.setup(ctx -> new LpEntity(ctx, lp, runtime));
  }

  private LpEntity(ActorContext<Message> ctx, int lp, MemberRuntime runtime) {
    super(ctx);
    this.lp = lp;
    this.runtime = runtime;
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(LpMessage.class, this::onLpMessage)
        .onMessage(RunWindow.class, this::onRunWindow)
        .onMessage(InitLp.class, this::onInit)
        .onMessage(CollectLp.class, this::onCollect)
        .onAnyMessage(this::onUnknown)
        .build();
  }

  private Behavior<Message> onInit(InitLp init) {
    if (model == null) {
      model = runtime.factory.create(lp);
      model.start(this);
      runtime.ledger.registerInitialized(lp, getContext().getSelf(), inbox, nextEventTime());
    }
    return this;
  }

  /**
   * A message from another member, through Cluster Sharding. Counted as received here even when
   * dropped as malformed, since its sender counted it as sent: the window must still close.
   */
  private Behavior<Message> onLpMessage(LpMessage m) {
    enqueue(m);
    runtime.ledger.recordReceipt(lp, Math.max(windowEndNs, m.getDeliverAtNs()));
    return this;
  }

  /** Moves messages from LPs of this member into the queue; their senders counted them. */
  private void drainInbox() {
    LpMessage m;
    while ((m = inbox.poll()) != null) {
      enqueue(m);
    }
  }

  /** Queues a message for its delivery time, or drops it as malformed. */
  private void enqueue(LpMessage m) {
    if (model == null || m.getTarget() != lp || m.getBodyCase() == LpMessage.BodyCase.BODY_NOT_SET) {
      // Dropped, counted and logged, never fatal (DESIGN §5).
      malformed++;
      log().warn("LP {} dropped a malformed or misaddressed message from LP {}", lp, m.getOrigin());
      return;
    }
    long t = m.getDeliverAtNs();
    // A message may never land inside a window this LP already ran.
    if (t < windowEndNs) {
      causalityViolations++;
    }
    queue.add(new Event(t, m.getOrigin(), m.getSeq(), m));
  }

  private Behavior<Message> onRunWindow(RunWindow w) {
    long wallStart = runtime.wallNanos.getAsLong();
    drainInbox();
    windowEndNs = w.getEndNs();
    sentInWindow = 0;
    localSends.clear();
    inWindow = true;
    try {
      processWindow();
    } catch (RuntimeException bug) {
      // A model bug must stop the run with its cause, not leave the window open forever.
      log().error("LP {} failed at {} ns", lp, clockNs, bug);
      runtime.ledger.recordFailure("LP " + lp + " failed at " + clockNs + " ns: " + bug);
    }
    inWindow = false;
    runtime.lpBusyNanos.add(runtime.wallNanos.getAsLong() - wallStart);
    runtime.lpWakes.increment();
    if (runtime.ledger.finishWindow(lp, nextEventTime(), sentInWindow, localSends)) {
      runtime.localCoordinator().tell(MemberWindowDone.newBuilder().setWindow(w.getWindow()).build());
    }
    return this;
  }

  private void processWindow() {
    Event e;
    while ((e = queue.peek()) != null && e.time < windowEndNs) {
      queue.poll();
      clockNs = e.time;
      events++;
      if (e.payload instanceof LpMessage m) {
        try {
          model.onMessage(this, m);
        } catch (MalformedMessageException bad) {
          malformed++;
          log().warn("LP {} dropped a message from LP {}: {}", lp, m.getOrigin(), bad.getMessage());
        }
      } else {
        model.onEvent(this, e.payload);
      }
    }
  }

  private Behavior<Message> onCollect(CollectLp c) {
    drainInbox(); // for the malformed and causality counts of messages after the last window
    LpReport.Builder report = LpReport.newBuilder();
    if (model != null) {
      model.report(report);
    }
    report.setLp(lp).setEvents(events).setCausalityViolations(causalityViolations)
        .setMalformedMessages(malformed);
    runtime.localCoordinator().tell(report.build());
    return this;
  }

  private Behavior<Message> onUnknown(Message m) {
    malformed++;
    log().warn("LP {} dropped an unexpected {}", lp, m.getClass().getSimpleName());
    return this;
  }

  private long nextEventTime() {
    Event e = queue.peek();
    return e == null ? -1 : e.time;
  }

  private Logger log() {
    return getContext().getLog();
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
      throw new IllegalArgumentException(
          "LP " + lp + " scheduled an event at " + atNs + " ns, before its clock " + clockNs);
    }
    queue.add(new Event(atNs, lp, nextSeq++, event));
  }

  @Override
  public void send(int target, long delayNs, LpMessage.Builder message) {
    if (!inWindow) {
      // Messages are counted per window; the first events are scheduled, not sent.
      throw new IllegalStateException("LP " + lp + " sent a message outside a window (in start?)");
    }
    long at = clockNs + delayNs;
    if (at < windowEndNs) {
      causalityViolations++; // shorter than the lookahead: could land inside the open window
    }
    message.setDeliverAtNs(at).setOrigin(lp).setSeq(nextSeq++).setTarget(target);
    sentInWindow++;
    if (runtime.deliver(target, message.build())) {
      localSends.add(target, at);
    }
  }

  @Override
  public SplittableRandom random(String name) {
    return randoms.computeIfAbsent(
        name, n -> RandomStreams.stream(runtime.settings.seed(), lp, n));
  }
}
