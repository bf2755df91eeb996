package io.qbone.node.engine;

import com.google.protobuf.Message;
import io.qbone.protocol.v1.Advance;
import io.qbone.protocol.v1.Collect;
import io.qbone.protocol.v1.Idle;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.MemberReport;
import io.qbone.protocol.v1.MemberWindowDone;
import io.qbone.protocol.v1.Poll;
import io.qbone.protocol.v1.RegisterMember;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One per cluster member: runs the global coordinator's windows on the LPs this member hosts
 * that have work in them, and answers for the whole member, so the global coordinator talks to
 * members rather than to every LP.
 */
final class LocalCoordinator extends AbstractBehavior<Message> {
  /** LP reports per message to the global coordinator: keeps remote frames small. */
  private static final int REPORTS_PER_CHUNK = 256;

  private final MemberRuntime runtime;
  private final ActorRefResolver resolver;
  private final String selfName;
  private final WindowHelpers helpers;
  private ActorRef<Message> global;
  private String globalName = "";
  private long window;
  /** End of the last window opened. */
  private long windowEndNs;
  private boolean windowDone = true;
  private final List<LpReport> reports = new ArrayList<>();

  static Behavior<Message> create(MemberRuntime runtime, ActorRef<Message> globalProxy) {
    return Behaviors.setup(ctx -> new LocalCoordinator(ctx, runtime, globalProxy));
  }

  private LocalCoordinator(
      ActorContext<Message> ctx, MemberRuntime runtime, ActorRef<Message> globalProxy) {
    super(ctx);
    this.runtime = runtime;
    this.resolver = ActorRefResolver.get(ctx.getSystem());
    this.selfName = resolver.toSerializationFormat(ctx.getSelf());
    this.helpers = new WindowHelpers(runtime, ctx.getExecutionContext(),
        runtime.windowWorkers - 1);
    globalProxy.tell(RegisterMember.newBuilder().setLocalCoordinator(selfName).build());
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Advance.class, this::onAdvance)
        .onMessage(MemberWindowDone.class, this::onWindowDone)
        .onMessage(Poll.class, this::onPoll)
        .onMessage(Collect.class, this::onCollect)
        .build();
  }

  private Behavior<Message> onAdvance(Advance a) {
    global = resolve(a.getCoordinator());
    window = a.getWindow();
    long endNs = a.getEndNs();
    windowEndNs = endNs;
    int[] woken = runtime.ledger.beginWindow(window, endNs);
    if (woken.length == 0) {
      reportIdle(0);
      return this;
    }
    windowDone = false;
    // The LPs of a window run in parallel, without an actor dispatch (and thread wake-up) per LP:
    // the helpers (one per extra dispatcher thread) take chunks of them, and so does this
    // coordinator, which has nothing else to do until the window ends. It then waits briefly for
    // the helpers' last chunks and ends the window itself; a helper that finishes later ends it
    // with a message.
    WindowWork work = new WindowWork(woken, runtime.lpCount(), runtime.windowWorkers);
    MemberWindowDone done = MemberWindowDone.newBuilder().setWindow(window).build();
    ActorRef<Message> self = getContext().getSelf();
    helpers.offer(work, endNs, () -> self.tell(done));
    boolean allRun = work.run(runtime, endNs, 0) || work.awaitFinished(runtime);
    if (allRun && work.claimEnd()) {
      onWindowDone(done);
    }
    return this;
  }

  private Behavior<Message> onWindowDone(MemberWindowDone d) {
    if (d.getWindow() == window && !windowDone) {
      windowDone = true;
      reportIdle(0);
    }
    return this;
  }

  private Behavior<Message> onPoll(Poll p) {
    global = resolve(p.getCoordinator());
    // The global coordinator polls only after this member reported the window done.
    if (windowDone && p.getWindow() == window) {
      reportIdle(p.getRound());
    }
    return this;
  }

  private void reportIdle(int round) {
    MemberLedger.Snapshot s = runtime.ledger.snapshot();
    Idle.Builder idle = Idle.newBuilder()
        .setMember(selfName).setWindow(window).setRound(round)
        .setSent(s.sent()).setReceived(s.received())
        .setHasNext(s.nextEventNs() >= 0).setNextEventNs(Math.max(0, s.nextEventNs()))
        .setLps(s.hosted()).setFailure(s.failure()).setEvents(s.events())
        .setFailureByWatchdog(s.failureByWatchdog())
        .setLpBusyNs(runtime.lpBusyNanos.sum());
    if (s.nextEventNs() >= 0 && s.nextEventNs() < windowEndNs) {
      early(idle);
    }
    global.tell(idle.build());
  }

  /**
   * Names the hosted LP with the earliest pending event, which lies inside a window already run
   * (virtual time is not advancing). Only then: it reads every hosted LP.
   */
  private void early(Idle.Builder idle) {
    long best = Long.MAX_VALUE;
    for (int lp = 0; lp < runtime.lpCount(); lp++) {
      LogicalProcess p = runtime.ledger.local(lp);
      Object[] pending = p == null ? null : p.earliestPending();
      if (pending != null && (long) pending[0] < best) {
        best = (long) pending[0];
        idle.setHasEarly(true).setEarlyLp(lp).setEarlyEvent((String) pending[1]);
      }
    }
  }

  private Behavior<Message> onCollect(Collect c) {
    global = resolve(c.getCoordinator());
    // Every window is over: the LPs are only read now, in LP order.
    reports.clear();
    for (int lp = 0; lp < runtime.lpCount(); lp++) {
      LogicalProcess process = runtime.ledger.local(lp);
      if (process != null) {
        reports.add(process.report());
      }
    }
    sendReports();
    return this;
  }

  private void sendReports() {
    int from = 0;
    do {
      int to = Math.min(reports.size(), from + REPORTS_PER_CHUNK);
      global.tell(MemberReport.newBuilder()
          .setMember(selfName).setLps(reports.size()).setLast(to == reports.size())
          .setLpBusyNs(runtime.lpBusyNanos.sum()).setLpWakes(runtime.lpWakes.sum())
          .addAllReports(reports.subList(from, to))
          .build());
      from = to;
    } while (from < reports.size());
  }

  private ActorRef<Message> resolve(String ref) {
    if (!ref.equals(globalName)) {
      globalName = ref;
      global = resolver.resolveActorRef(ref);
    }
    return global;
  }
}
