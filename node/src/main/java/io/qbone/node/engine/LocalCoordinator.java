package io.qbone.node.engine;

import com.google.protobuf.Message;
import io.qbone.protocol.v1.Advance;
import io.qbone.protocol.v1.Collect;
import io.qbone.protocol.v1.Idle;
import io.qbone.protocol.v1.LpBatch;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.MemberReport;
import io.qbone.protocol.v1.MemberPeers;
import io.qbone.protocol.v1.MemberWindowDone;
import io.qbone.protocol.v1.Poll;
import io.qbone.protocol.v1.RegisterMember;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One per cluster member: runs the global coordinator's epochs on the LPs this member hosts, in
 * windows of the global lookahead that it opens itself, exchanges one batch of cross-member
 * messages per epoch with every other member's local coordinator, and answers for the whole
 * member, so the global coordinator talks to members rather than to every LP.
 */
final class LocalCoordinator extends AbstractBehavior<Message> {
  /** LP reports per message to the global coordinator: keeps remote frames small. */
  private static final int REPORTS_PER_CHUNK = 256;
  /** LP messages per batch chunk to another member: keeps remote frames small. */
  static final int MESSAGES_PER_CHUNK = 4096;
  /** Free-running members tell the global coordinator their progress every this many epochs. */
  private static final int PROGRESS_EPOCHS = 64;

  private final MemberRuntime runtime;
  private final ActorRefResolver resolver;
  private final String selfName;
  private final WindowHelpers helpers;
  private ActorRef<Message> global;
  private String globalName = "";
  /** The epoch (the global coordinator's window) this member is in; 0 is the LPs' creation. */
  private long window;
  private long epochEndNs;
  /** Whether this member's own windows of the epoch are run and its batches sent. */
  private boolean epochRun = true;
  /** The window this member opened last inside the epoch, and whether helpers still run it. */
  private long memberWindow;
  private long memberWindowEndNs;
  private boolean memberWindowOpen;
  /** Every member's local coordinator in member order, and this member's index; from MemberPeers. */
  private final List<ActorRef<Message>> peers = new ArrayList<>();
  private int selfIndex = -1;
  /** Per epoch: the other members whose batch for it is complete (its last chunk arrived). */
  private final TreeMap<Long, Integer> batchesIn = new TreeMap<>();
  /** Per epoch: the earliest event the other members reported in their batches. */
  private final TreeMap<Long, Long> peersNext = new TreeMap<>();
  /** Epochs in which another member reported a failed LP. */
  private final TreeSet<Long> failedEpochs = new TreeSet<>();
  /** This epoch's own earliest event (or message to another member), and own failure. */
  private long ownNext = Long.MAX_VALUE;
  private boolean ownFailed;
  /** Whether this epoch was answered (to the global coordinator, or by opening the next). */
  private boolean answered;
  /** The Advance that started free-running epochs (the next ones copy it), or null. */
  private Advance freeRunning;
  /** Wall time the first free-running epoch began, or -1. */
  private long freeRunStartedAt = -1;
  /** Events through the last epoch ending at or before half the run, and the wall time to it. */
  private long firstHalfEvents;
  private long firstHalfWallNs;
  /** Outgoing batches of the epoch being finished, per member. */
  private final List<List<LpMessage>> outgoing = new ArrayList<>();
  /** When this member last finished an epoch (wall ns), or -1: the barrier wait starts there. */
  private long epochFinishedAt = -1;
  private long barrierWaitNanos;
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
        .onMessage(MemberPeers.class, this::onPeers)
        .onMessage(Advance.class, this::onAdvance)
        .onMessage(MemberWindowDone.class, this::onWindowDone)
        .onMessage(LpBatch.class, this::onBatch)
        .onMessage(Poll.class, this::onPoll)
        .onMessage(Collect.class, this::onCollect)
        .build();
  }

  private Behavior<Message> onPeers(MemberPeers p) {
    peers.clear();
    outgoing.clear();
    for (String name : p.getLocalCoordinatorsList()) {
      outgoing.add(List.of());
      if (name.equals(selfName)) {
        selfIndex = peers.size();
      }
      peers.add(resolver.resolveActorRef(name));
    }
    if (selfIndex < 0 || peers.size() != runtime.placement.members()) {
      runtime.ledger.recordFailure("member " + selfName + " is not among the " + peers.size()
          + " members the coordinator named, or the placement is for "
          + runtime.placement.members());
    }
    return this;
  }

  private Behavior<Message> onAdvance(Advance a) {
    global = resolve(a.getCoordinator());
    if (epochFinishedAt >= 0) {
      barrierWaitNanos += runtime.wallNanos.getAsLong() - epochFinishedAt;
    }
    freeRunning = a.getFreeRunning() ? a : null;
    if (freeRunning != null && freeRunStartedAt < 0) {
      freeRunStartedAt = runtime.wallNanos.getAsLong();
    }
    window = a.getWindow();
    epochEndNs = a.getEndNs();
    runtime.epochEndNs = epochEndNs;
    epochRun = false;
    answered = false;
    batchesIn.headMap(window).clear();
    peersNext.headMap(window).clear();
    failedEpochs.headSet(window).clear();
    runWindows();
    return this;
  }

  /**
   * Opens this member's windows of the epoch one after another, each one lookahead long from the
   * member's earliest event, until no event is left before the epoch's end. The LPs of a window
   * run in parallel, without an actor dispatch (and thread wake-up) per LP: the helpers (one per
   * extra dispatcher thread) take chunks of them, and so does this coordinator, which has nothing
   * else to do until the window ends. It then waits briefly for the helpers' last chunks and
   * ends the window itself; a helper that finishes later ends it with a message, and the next
   * window opens then.
   */
  private void runWindows() {
    long lookahead = runtime.settings.lookaheadNs();
    while (true) {
      long next = runtime.ledger.nextEventNs();
      if (next < 0 || next >= epochEndNs) {
        finishEpoch();
        return;
      }
      // A message that came too late (a causality violation, counted) lies before the last
      // window's end: it runs in the next window, which never starts before that end.
      long start = Math.max(next, memberWindowEndNs);
      if (start >= epochEndNs) {
        finishEpoch();
        return;
      }
      long endNs = Math.min(epochEndNs, start + lookahead);
      memberWindowEndNs = endNs;
      memberWindow++;
      int[] woken = runtime.ledger.beginWindow(memberWindow, endNs);
      WindowWork work = new WindowWork(woken, runtime.lpCount(), runtime.windowWorkers);
      MemberWindowDone done = MemberWindowDone.newBuilder().setWindow(memberWindow).build();
      ActorRef<Message> self = getContext().getSelf();
      memberWindowOpen = true;
      helpers.offer(work, endNs, () -> self.tell(done));
      boolean allRun = work.run(runtime, endNs, 0) || work.awaitFinished(runtime);
      if (!(allRun && work.claimEnd())) {
        return; // a helper ends this window: onWindowDone goes on
      }
      memberWindowOpen = false;
    }
  }

  private Behavior<Message> onWindowDone(MemberWindowDone d) {
    if (d.getWindow() == memberWindow && memberWindowOpen) {
      memberWindowOpen = false;
      runWindows();
    }
    return this;
  }

  /** Sends every other member its batch of the epoch, then answers if theirs are all in. */
  private void finishEpoch() {
    epochRun = true;
    runtime.ranUntilNs = epochEndNs;
    if (window > 0) {
      for (int m = 0; m < peers.size(); m++) {
        if (m != selfIndex) {
          outgoing.set(m, runtime.ledger.takeOutbox(m));
        }
      }
      // The earliest event this member knows of: its own, or one it sends another member.
      long next = runtime.ledger.nextEventNs();
      ownNext = next < 0 ? Long.MAX_VALUE : next;
      for (List<LpMessage> out : outgoing) {
        for (LpMessage msg : out) {
          ownNext = Math.min(ownNext, msg.getDeliverAtNs());
        }
      }
      ownFailed = !runtime.ledger.snapshot().failure().isEmpty();
      for (int m = 0; m < peers.size(); m++) {
        if (m != selfIndex) {
          sendBatch(peers.get(m), outgoing.get(m));
          outgoing.set(m, List.of());
        }
      }
    }
    epochFinishedAt = runtime.wallNanos.getAsLong();
    if (freeRunning != null && epochEndNs <= freeRunning.getRunEndNs() / 2) {
      firstHalfEvents = runtime.ledger.snapshot().events();
      firstHalfWallNs = epochFinishedAt - freeRunStartedAt;
    }
    epochMaybeComplete();
  }

  private void sendBatch(ActorRef<Message> to, List<LpMessage> messages) {
    int from = 0;
    do {
      int end = Math.min(messages.size(), from + MESSAGES_PER_CHUNK);
      boolean last = end == messages.size();
      LpBatch.Builder b = LpBatch.newBuilder().setWindow(window).setLast(last)
          .addAllMessages(messages.subList(from, end));
      if (last) {
        b.setNextEventNs(ownNext).setFailed(ownFailed);
      }
      to.tell(b.build());
      from = end;
    } while (from < messages.size());
  }

  /**
   * Once this member's part of the epoch is done and every other member's batch is in: answers
   * the global coordinator, or, free-running, opens the next epoch itself at the earliest event
   * any member reported (the same on every member), unless the run is over or failed, then
   * answers. The next epoch opens through a message to itself, so a long run of epochs never
   * deepens the stack.
   */
  private void epochMaybeComplete() {
    if (!epochRun || !batchesComplete() || answered) {
      return;
    }
    answered = true;
    if (freeRunning == null) {
      reportIdle(0);
      return;
    }
    long earliest = Math.min(ownNext, peersNext.getOrDefault(window, Long.MAX_VALUE));
    long start = Math.max(earliest, epochEndNs);
    long runEnd = freeRunning.getRunEndNs();
    if (ownFailed || failedEpochs.contains(window) || start >= runEnd) {
      reportIdle(0);
      return;
    }
    if (window % PROGRESS_EPOCHS == 0) {
      reportIdle(-1);
    }
    getContext().getSelf().tell(freeRunning.toBuilder().setWindow(window + 1).setStartNs(start)
        .setEndNs(Math.min(runEnd, start + freeRunning.getMemberLookaheadNs())).build());
  }

  /**
   * Another member's messages for this member's LPs. A batch may come before its epoch's Advance
   * (that member got it first); its messages lie at or after the epoch's end, so they wait in the
   * inboxes like any other.
   */
  private Behavior<Message> onBatch(LpBatch b) {
    runtime.ledger.receiveBatch(b.getMessagesList());
    if (b.getLast()) {
      batchesIn.merge(b.getWindow(), 1, Integer::sum);
      peersNext.merge(b.getWindow(), b.getNextEventNs(), Math::min);
      if (b.getFailed()) {
        failedEpochs.add(b.getWindow());
      }
      if (b.getWindow() == window) {
        epochMaybeComplete();
      }
    }
    return this;
  }

  /** Whether every other member's batch of the current epoch is in (window 0 has none). */
  private boolean batchesComplete() {
    return window == 0
        || batchesIn.getOrDefault(window, 0) == runtime.placement.members() - 1;
  }

  private Behavior<Message> onPoll(Poll p) {
    global = resolve(p.getCoordinator());
    // The global coordinator polls only after this member reported the window done.
    if (epochRun && batchesComplete() && p.getWindow() == window) {
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
        .setLpBusyNs(runtime.lpBusyNanos.sum())
        .setFirstHalfEvents(firstHalfEvents)
        .setFirstHalfWallNs(freeRunning != null && epochEndNs <= freeRunning.getRunEndNs() / 2
            ? -1 : firstHalfWallNs);
    global.tell(idle.build());
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
          .setMemberWindows(memberWindow).setBarrierWaitNs(barrierWaitNanos)
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
