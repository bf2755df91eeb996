package io.qbone.node.engine;

import com.google.protobuf.Message;
import io.qbone.protocol.v1.Advance;
import io.qbone.protocol.v1.Collect;
import io.qbone.protocol.v1.Idle;
import io.qbone.protocol.v1.InitLp;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.MemberPeers;
import io.qbone.protocol.v1.MemberReport;
import io.qbone.protocol.v1.Poll;
import io.qbone.protocol.v1.RegisterMember;
import io.qbone.protocol.v1.Tick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;

/**
 * The cluster singleton that advances virtual time in epochs [T, T + member lookahead), its
 * windows (members run windows of the global lookahead inside each on their own). An epoch
 * closes when every member reports its LPs done and its batches from the other members in and,
 * summed over members, every message sent has been received; the next one opens at the
 * earliest pending event, so idle stretches of virtual time cost nothing.
 */
final class GlobalCoordinator extends AbstractBehavior<Message> {
  /** Polls repeated back to back before backing off to one per millisecond. */
  private static final int EAGER_POLLS = 32;
  /** While a paced run waits for the wall clock, pending injections are looked for this often. */
  private static final long INJECTION_CHECK_NANOS = 10_000_000;

  private final EngineSettings settings;
  private final int lpCount;
  private final int expectedMembers;
  private final MemberRuntime runtime;
  private final CompletableFuture<RunResult> result;
  private final RunProgress progress;
  /** Messages from outside the run (live API); null when nothing can be injected. */
  private final Injector injector;
  private long injected;
  /** End of the last window opened: every LP has run all its events before it. */
  private long lastEndNs;
  private final LongSupplier wallNanos;
  private final TimerScheduler<Message> timers;
  private final String selfName;
  private final ActorRefResolver resolver;
  private final TreeMap<String, ActorRef<Message>> members = new TreeMap<>();
  private final TreeMap<String, Idle> replies = new TreeMap<>();
  private final TreeMap<String, Idle> progressReplies = new TreeMap<>();
  /**
   * Whether members open epochs themselves after the first (no pacing, no injections, several
   * members): the barrier is then their batch exchange alone, one hop instead of three.
   */
  private boolean freeRunning;
  /** Members in address order, the order that numbers them for the placement. */
  private final TreeMap<Address, Integer> lpsPerMember =
      new TreeMap<>(Member.addressOrdering());
  private final List<LpReport> reports = new ArrayList<>();
  private boolean started;
  private long window;
  private int round;
  private long pollRounds;
  /** Start of a window waiting for the wall clock (real-time pacing), or -1. */
  private long pendingStartNs = -1;
  private final Pacer pacer;
  private int membersReported;
  private long windowOpenedAtNs;
  private long windowWallNanos;
  /** Window wall time and events up to the end of the last window in the first half of the run. */
  private long firstHalfWindowWallNanos = -1;
  private long firstHalfEvents;
  private long lastEvents;
  private long lpBusyNanos;
  private long lpWakes;
  private long memberWindows;
  private long barrierWaitNanos;

  static Behavior<Message> create(
      EngineSettings settings,
      int lpCount,
      int expectedMembers,
      MemberRuntime runtime,
      CompletableFuture<RunResult> result,
      RunProgress progress,
      Injector injector) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new GlobalCoordinator(
        ctx, timers, settings, lpCount, expectedMembers, runtime, result, progress, injector)));
  }

  private GlobalCoordinator(
      ActorContext<Message> ctx,
      TimerScheduler<Message> timers,
      EngineSettings settings,
      int lpCount,
      int expectedMembers,
      MemberRuntime runtime,
      CompletableFuture<RunResult> result,
      RunProgress progress,
      Injector injector) {
    super(ctx);
    this.progress = progress;
    this.injector = injector;
    this.timers = timers;
    this.settings = settings;
    this.lpCount = lpCount;
    this.expectedMembers = expectedMembers;
    this.runtime = runtime;
    this.result = result;
    this.wallNanos = runtime.wallNanos;
    this.pacer = new Pacer(settings.realTimeSpeed(), settings.pacedFromNs(), runtime.wallNanos);
    this.resolver = ActorRefResolver.get(ctx.getSystem());
    this.selfName = resolver.toSerializationFormat(ctx.getSelf());
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(RegisterMember.class, this::onRegister)
        .onMessage(Idle.class, this::onIdle)
        .onMessage(Tick.class, this::onTick)
        .onMessage(MemberReport.class, this::onMemberReport)
        .build();
  }

  private Behavior<Message> onRegister(RegisterMember r) {
    if (started) {
      // Its shards are all placed elsewhere: a latecomer would only slow every window down.
      getContext().getLog().warn("member {} registered after the run started; it takes no part",
          r.getLocalCoordinator());
      return this;
    }
    members.put(r.getLocalCoordinator(), resolver.resolveActorRef(r.getLocalCoordinator()));
    if (!started && members.size() == expectedMembers) {
      started = true;
      freeRunning = expectedMembers > 1 && injector == null && settings.realTimeSpeed() == 0;
      // Every local coordinator learns the others, in member order, before window 0's poll:
      // they send each other their batches of cross-member messages.
      List<String> order = new ArrayList<>(members.keySet());
      order.sort(Comparator.comparing(AddressFromURIString::parse, Member.addressOrdering()));
      MemberPeers peers = MemberPeers.newBuilder().addAllLocalCoordinators(order).build();
      members.values().forEach(m -> m.tell(peers));
      // Window 0 is the initialisation: every LP is created and schedules its first events.
      ActorRef<ShardingEnvelope<Message>> region = runtime.region();
      for (int lp = 0; lp < lpCount; lp++) {
        region.tell(new ShardingEnvelope<>(runtime.entityId(lp),
            InitLp.newBuilder().setLp(lp).build()));
      }
      pacer.start();
      poll();
    }
    return this;
  }

  private void poll() {
    replies.clear();
    Poll p = Poll.newBuilder().setWindow(window).setRound(round).setCoordinator(selfName).build();
    members.values().forEach(m -> m.tell(p));
  }

  private Behavior<Message> onIdle(Idle idle) {
    if (idle.getRound() < 0) {
      onProgress(idle);
      return this;
    }
    if (freeRunning && round == 0 && idle.getWindow() > window) {
      // Free-running members answer once, at the epoch where they all stopped.
      window = idle.getWindow();
      replies.clear();
    }
    if (idle.getWindow() != window || idle.getRound() != round) {
      return this; // a late answer to an earlier round
    }
    replies.put(idle.getMember(), idle);
    if (replies.size() == members.size()) {
      closeWindow();
    }
    return this;
  }

  /** Free-running members' progress: published once every member has sent some. */
  private void onProgress(Idle idle) {
    progressReplies.put(idle.getMember(), idle);
    if (progressReplies.size() < members.size()) {
      return;
    }
    long events = 0;
    long lpBusy = 0;
    long at = Long.MAX_VALUE;
    long epochs = 0;
    for (Idle i : progressReplies.values()) {
      events += i.getEvents();
      lpBusy += i.getLpBusyNs();
      at = Math.min(at, i.getHasNext() ? i.getNextEventNs() : settings.endNs());
      epochs = Math.max(epochs, i.getWindow());
    }
    progress.update(Math.min(at, settings.endNs()), events, epochs,
        windowWallNanos + wallNanos.getAsLong() - windowOpenedAtNs, lpBusy);
  }

  private void closeWindow() {
    long sent = 0;
    long received = 0;
    long events = 0;
    long lpBusy = 0;
    long next = Long.MAX_VALUE;
    for (Idle i : replies.values()) {
      if (!i.getFailure().isEmpty()) {
        fail(i.getFailure(), i.getFailureByWatchdog());
        return;
      }
      sent += i.getSent();
      events += i.getEvents();
      lpBusy += i.getLpBusyNs();
      received += i.getReceived();
      if (i.getHasNext()) {
        next = Math.min(next, i.getNextEventNs());
      }
    }
    // Every LP also received its InitLp, and its target every injected message.
    long expected = sent + lpCount + injected;
    if (received > expected) {
      fail("engine invariant broken: received " + received + " messages but only " + expected
          + " were sent");
      return;
    }
    if (received < expected) {
      round++;
      pollRounds++;
      if (round <= EAGER_POLLS) {
        poll();
      } else {
        timers.startSingleTimer(Tick.newBuilder().setWindow(window).build(), Duration.ofMillis(1));
      }
      return;
    }
    if (injector != null && next < settings.endNs() && injector.hasPending()) {
      deliverInjections(lastEndNs);
      return;
    }
    if (window > 0) {
      if (freeRunning) {
        // The members measured it: events through the last epoch ending by half the run.
        firstHalfWindowWallNanos = -1;
        firstHalfEvents = 0;
        for (Idle i : replies.values()) {
          firstHalfWindowWallNanos = Math.max(firstHalfWindowWallNanos, i.getFirstHalfWallNs());
          firstHalfEvents += i.getFirstHalfEvents();
        }
      } else if (firstHalfWindowWallNanos < 0 && lastEndNs > settings.endNs() / 2) {
        firstHalfWindowWallNanos = windowWallNanos;
        firstHalfEvents = lastEvents;
      }
      windowWallNanos += wallNanos.getAsLong() - windowOpenedAtNs;
      lastEvents = events;
      progress.update(Math.min(next, settings.endNs()), events, window, windowWallNanos, lpBusy);
    }
    // Only a message that came too late (a causality violation, counted) lies before the last
    // epoch's end; epochs never go back, so the run goes on.
    long start = Math.max(next, lastEndNs);
    if (start >= settings.endNs()) {
      collect();
      return;
    }
    openWindow(start);
  }

  /**
   * Sends what the outside injected to its LPs, stamped {@code atNs} (no LP has run that far),
   * then polls until every member has received it (counted like any message), so the next
   * window wakes its targets.
   */
  private void deliverInjections(long atNs) {
    ActorRef<ShardingEnvelope<Message>> region = runtime.region();
    for (var m : injector.take(atNs)) {
      region.tell(new ShardingEnvelope<>(runtime.entityId(m.getTarget()), m));
      injected++;
    }
    round++;
    poll();
  }

  private void openWindow(long startNs) {
    long wait = pacer.waitNanos(startNs);
    if (wait > 0) {
      pendingStartNs = startNs;
      // Paced and idle: look for injections meanwhile, so they are not held until the next event.
      timers.startSingleTimer(Tick.newBuilder().setWindow(window).build(),
          Duration.ofNanos(injector == null ? wait : Math.min(wait, INJECTION_CHECK_NANOS)));
      return;
    }
    // An epoch: members run their own windows of the lookahead inside it and meet at its end.
    long endNs = Math.min(settings.endNs(), startNs + settings.memberLookaheadNs());
    lastEndNs = endNs;
    window++;
    round = 0;
    replies.clear();
    windowOpenedAtNs = wallNanos.getAsLong();
    Advance a = Advance.newBuilder()
        .setWindow(window).setStartNs(startNs).setEndNs(endNs).setCoordinator(selfName)
        .setFreeRunning(freeRunning).setMemberLookaheadNs(settings.memberLookaheadNs())
        .setRunEndNs(settings.endNs()).build();
    members.values().forEach(m -> m.tell(a));
  }

  private Behavior<Message> onTick(Tick t) {
    if (t.getWindow() != window) {
      return this;
    }
    if (pendingStartNs >= 0) {
      long start = pendingStartNs;
      pendingStartNs = -1;
      if (injector != null && injector.hasPending()) {
        // Nothing happens before `start`, so any time from the last window's end to it is
        // safe; the paced clock's is what the outside sees now.
        windowOpenedAtNs = wallNanos.getAsLong();
        deliverInjections(Math.max(lastEndNs, Math.min(start, pacer.virtualNow())));
      } else {
        openWindow(start);
      }
    } else {
      poll();
    }
    return this;
  }

  private void collect() {
    Collect c = Collect.newBuilder().setCoordinator(selfName).build();
    members.values().forEach(m -> m.tell(c));
  }

  private Behavior<Message> onMemberReport(MemberReport r) {
    reports.addAll(r.getReportsList());
    if (r.getLast()) {
      lpBusyNanos += r.getLpBusyNs();
      lpWakes += r.getLpWakes();
      memberWindows += r.getMemberWindows();
      barrierWaitNanos += r.getBarrierWaitNs();
      lpsPerMember.put(AddressFromURIString.parse(r.getMember()), r.getLps());
      if (++membersReported == members.size()) {
        reports.sort(Comparator.comparingInt(LpReport::getLp));
        if (reports.size() != lpCount) {
          fail("engine invariant broken: collected " + reports.size() + " LP reports, expected "
              + lpCount);
        } else {
          if (injector != null) {
            injector.close();
          }
          result.complete(new RunResult(List.copyOf(reports), window,
              List.copyOf(lpsPerMember.values()), pollRounds,
              engineTimes(), null,
              injector == null ? List.of() : injector.applied()));
        }
      }
    }
    return this;
  }

  private RunResult.EngineTimes engineTimes() {
    // A run whose events all lie in the first half has no second half to measure.
    boolean reachedHalf = firstHalfWindowWallNanos >= 0;
    long halfWall = reachedHalf ? firstHalfWindowWallNanos : windowWallNanos;
    long halfEvents = reachedHalf ? firstHalfEvents : lastEvents;
    return new RunResult.EngineTimes(windowWallNanos, lpBusyNanos, lpWakes,
        windowWallNanos - halfWall, lastEvents - halfEvents, memberWindows, barrierWaitNanos);
  }

  private void fail(String why) {
    fail(why, false);
  }

  /** Ends the run with {@code why}: a {@link WatchdogException} when it is the watchdog's. */
  private void fail(String why, boolean byWatchdog) {
    if (byWatchdog) {
      getContext().getLog().info("run stopped by the watchdog: {}", why); // the caller prints it
    } else {
      getContext().getLog().error("run failed: {}", why);
    }
    if (injector != null) {
      injector.close();
    }
    result.completeExceptionally(byWatchdog ? new WatchdogException(why)
        : new IllegalStateException(why));
  }
}
