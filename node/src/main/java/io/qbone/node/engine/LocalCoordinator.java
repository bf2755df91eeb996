package io.qbone.node.engine;

import com.google.protobuf.Message;
import io.qbone.protocol.v1.Advance;
import io.qbone.protocol.v1.Collect;
import io.qbone.protocol.v1.CollectLp;
import io.qbone.protocol.v1.Idle;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.MemberReport;
import io.qbone.protocol.v1.MemberWindowDone;
import io.qbone.protocol.v1.Poll;
import io.qbone.protocol.v1.RegisterMember;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One per cluster member: relays the global coordinator's windows to the LPs this member hosts
 * that have work in them, and answers for the whole member, so the global coordinator talks to
 * members rather than to every LP.
 */
final class LocalCoordinator extends AbstractBehavior<Message> {
  /** LP reports per message to the global coordinator: keeps remote frames small. */
  private static final int REPORTS_PER_CHUNK = 256;

  private final MemberRuntime runtime;
  private final ActorRefResolver resolver;
  private final String selfName;
  private ActorRef<Message> global;
  private String globalName = "";
  private long window;
  private boolean windowDone = true;
  private final List<LpReport> reports = new ArrayList<>();
  private int reportsExpected;

  static Behavior<Message> create(MemberRuntime runtime, ActorRef<Message> globalProxy) {
    return Behaviors.setup(ctx -> new LocalCoordinator(ctx, runtime, globalProxy));
  }

  private LocalCoordinator(
      ActorContext<Message> ctx, MemberRuntime runtime, ActorRef<Message> globalProxy) {
    super(ctx);
    this.runtime = runtime;
    this.resolver = ActorRefResolver.get(ctx.getSystem());
    this.selfName = resolver.toSerializationFormat(ctx.getSelf());
    globalProxy.tell(RegisterMember.newBuilder().setLocalCoordinator(selfName).build());
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(Advance.class, this::onAdvance)
        .onMessage(MemberWindowDone.class, this::onWindowDone)
        .onMessage(Poll.class, this::onPoll)
        .onMessage(Collect.class, this::onCollect)
        .onMessage(LpReport.class, this::onReport)
        .build();
  }

  private Behavior<Message> onAdvance(Advance a) {
    global = resolve(a.getCoordinator());
    window = a.getWindow();
    int[] woken = runtime.ledger.beginWindow(window, a.getEndNs());
    if (woken.length == 0) {
      reportIdle(0);
      return this;
    }
    windowDone = false;
    var run = io.qbone.protocol.v1.RunWindow.newBuilder()
        .setWindow(window).setEndNs(a.getEndNs()).build();
    for (int lp : woken) {
      runtime.ledger.localRef(lp).tell(run);
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
    global.tell(Idle.newBuilder()
        .setMember(selfName).setWindow(window).setRound(round)
        .setSent(s.sent()).setReceived(s.received())
        .setHasNext(s.nextEventNs() >= 0).setNextEventNs(Math.max(0, s.nextEventNs()))
        .setLps(s.hosted()).setFailure(s.failure())
        .build());
  }

  private Behavior<Message> onCollect(Collect c) {
    global = resolve(c.getCoordinator());
    reports.clear();
    reportsExpected = runtime.ledger.hostedCount();
    if (reportsExpected == 0) {
      sendReports();
      return this;
    }
    CollectLp ask = CollectLp.getDefaultInstance();
    for (int lp = 0; lp < runtime.lpCount(); lp++) {
      ActorRef<Message> ref = runtime.ledger.localRef(lp);
      if (ref != null) {
        ref.tell(ask);
      }
    }
    return this;
  }

  private Behavior<Message> onReport(LpReport r) {
    reports.add(r);
    if (reports.size() == reportsExpected) {
      sendReports();
    }
    return this;
  }

  private void sendReports() {
    reports.sort(Comparator.comparingInt(LpReport::getLp));
    int from = 0;
    do {
      int to = Math.min(reports.size(), from + REPORTS_PER_CHUNK);
      global.tell(MemberReport.newBuilder()
          .setMember(selfName).setLps(reportsExpected).setLast(to == reports.size())
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
