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
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
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
  private ActorRef<Message> global;
  private String globalName = "";
  private long window;
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
    int[] woken = runtime.ledger.beginWindow(window, endNs);
    if (woken.length == 0) {
      reportIdle(0);
      return this;
    }
    windowDone = false;
    // One share per dispatcher thread, each running a range of the woken LPs: the LPs of a window
    // run in parallel, without an actor dispatch (and thread wake-up) per LP. Shares are ranges
    // of LP index, so neighbours in the scenario tend to run on the same thread. The first share
    // runs right here on the coordinator's thread, which has nothing else to do until the window
    // ends: one thread hand-off less per window.
    int[][] shares = shares(woken, Math.min(runtime.windowWorkers, woken.length));
    AtomicInteger running = new AtomicInteger(shares.length);
    MemberWindowDone done = MemberWindowDone.newBuilder().setWindow(window).build();
    ActorRef<Message> self = getContext().getSelf();
    Executor workers = getContext().getExecutionContext();
    for (int i = 1; i < shares.length; i++) {
      int[] share = shares[i];
      workers.execute(() -> runShare(share, endNs, running, self, done));
    }
    runShare(shares[0], endNs, running, self, done);
    return this;
  }

  private void runShare(int[] share, long endNs, AtomicInteger running, ActorRef<Message> self,
      MemberWindowDone done) {
    MemberLedger.WindowTally tally = new MemberLedger.WindowTally();
    long start = runtime.wallNanos.getAsLong();
    try {
      for (int lp : share) {
        runtime.ledger.local(lp).runWindow(endNs, tally);
      }
    } catch (RuntimeException bug) {
      runtime.ledger.recordFailure("window worker failed: " + bug);
    } finally {
      runtime.lpBusyNanos.add(runtime.wallNanos.getAsLong() - start);
      runtime.lpWakes.add(share.length);
      runtime.ledger.finishWindow(tally);
      if (running.decrementAndGet() == 0) {
        self.tell(done);
      }
    }
  }

  /** Splits the woken LPs into {@code parts} groups by LP index range, in linear time. */
  private int[][] shares(int[] woken, int parts) {
    if (parts == 1) {
      return new int[][] {woken};
    }
    int[] counts = new int[parts];
    long lpCount = runtime.lpCount();
    for (int lp : woken) {
      counts[(int) (lp * parts / lpCount)]++;
    }
    int[][] shares = new int[parts][];
    for (int p = 0; p < parts; p++) {
      shares[p] = new int[counts[p]];
    }
    int[] fill = new int[parts];
    for (int lp : woken) {
      int p = (int) (lp * parts / lpCount);
      shares[p][fill[p]++] = lp;
    }
    return shares;
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
        .setLps(s.hosted()).setFailure(s.failure()).setEvents(s.events())
        .setLpBusyNs(runtime.lpBusyNanos.sum())
        .build());
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
