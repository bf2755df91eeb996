package io.qbone.node.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.qbone.protocol.v1.Advance;
import io.qbone.protocol.v1.CollectLp;
import io.qbone.protocol.v1.Herald;
import io.qbone.protocol.v1.Idle;
import io.qbone.protocol.v1.InitLp;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.MemberWindowDone;
import io.qbone.protocol.v1.RegisterMember;
import io.qbone.protocol.v1.RunWindow;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The LP entity and the local coordinator, driven message by message with the actor testkit. */
@ExtendWith(TestKitJUnit5Extension.class)
class LpEntityBehaviourTest {
  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(EngineDeterminismTest.SERIALIZE_ALL.withFallback(
          com.typesafe.config.ConfigFactory.load()))
      .build();

  /** Records what it is handed, in order; schedules one event of its own at 300 ns. */
  static final class RecordingModel implements LpModel {
    final List<String> seen = new ArrayList<>();

    @Override
    public void start(LpContext ctx) {
      ctx.schedule(300, "own");
    }

    @Override
    public void onEvent(LpContext ctx, Object event) {
      seen.add(ctx.now() + ":" + event);
    }

    @Override
    public void onMessage(LpContext ctx, LpMessage m) {
      seen.add(ctx.now() + ":from" + m.getOrigin() + "#" + m.getSeq());
    }

    @Override
    public void report(LpReport.Builder report) {
      report.setMemoryCapacity(seen.size());
    }
  }

  private static LpMessage herald(int origin, long seq, long at, int target) {
    return LpMessage.newBuilder().setDeliverAtNs(at).setOrigin(origin).setSeq(seq).setTarget(target)
        .setHerald(Herald.newBuilder().setPairId(seq)).build();
  }

  private final RecordingModel model = new RecordingModel();

  private MemberRuntime runtime(TestProbe<Message> local) {
    MemberRuntime r = new MemberRuntime(
        new EngineSettings(100, 10_000, 1, 0), 3, lp -> model, () -> 0L,
        java.util.function.UnaryOperator.identity());
    r.attachLocalCoordinator(local.ref());
    return r;
  }

  @Test
  void processesEventsInTimeOriginSequenceOrderWhateverTheArrivalOrder() {
    TestProbe<Message> local = testKit.createTestProbe();
    MemberRuntime rt = runtime(local);
    ActorRef<Message> lp = testKit.spawn(LpEntity.create(0, rt));
    lp.tell(InitLp.newBuilder().setLp(0).build());
    // Arrive in reverse order; ties in time are broken by origin, then sequence.
    lp.tell(herald(2, 7, 500, 0));
    lp.tell(herald(1, 9, 500, 0));
    lp.tell(herald(1, 3, 500, 0));
    lp.tell(herald(2, 1, 200, 0));
    local.awaitAssert(() -> {
      assertEquals(1, rt.ledger.hostedCount());
      return null;
    });
    int[] woken = rt.ledger.beginWindow(1, 1_000);
    assertArrayEquals(new int[] {0}, woken);
    lp.tell(RunWindow.newBuilder().setWindow(1).setEndNs(1_000).build());
    assertEquals(1, local.expectMessageClass(MemberWindowDone.class).getWindow());
    assertEquals(List.of("200:from2#1", "300:own", "500:from1#3", "500:from1#9", "500:from2#7"),
        model.seen);
  }

  @Test
  void countsCausalityViolationsAndDropsMalformedMessages() {
    TestProbe<Message> local = testKit.createTestProbe();
    MemberRuntime rt = runtime(local);
    ActorRef<Message> lp = testKit.spawn(LpEntity.create(0, rt));
    lp.tell(InitLp.newBuilder().setLp(0).build());
    local.awaitAssert(() -> {
      assertEquals(1, rt.ledger.hostedCount());
      return null;
    });
    rt.ledger.beginWindow(1, 1_000);
    lp.tell(RunWindow.newBuilder().setWindow(1).setEndNs(1_000).build());
    local.expectMessageClass(MemberWindowDone.class);
    lp.tell(herald(1, 1, 999, 0));                  // lands inside the window the LP already ran
    lp.tell(herald(1, 2, 5_000, 2));                // addressed to another LP
    lp.tell(LpMessage.newBuilder().setDeliverAtNs(5_000).setTarget(0).build()); // no body
    lp.tell(CollectLp.getDefaultInstance());
    LpReport report = local.expectMessageClass(LpReport.class);
    assertEquals(1, report.getCausalityViolations());
    assertEquals(2, report.getMalformedMessages());
    assertEquals(1, report.getEvents());
  }

  @Test
  void localCoordinatorRegistersWakesOnlyLpsWithWorkAndReportsIdle() {
    TestProbe<Message> global = testKit.createTestProbe();
    TestProbe<Message> unused = testKit.createTestProbe();
    MemberRuntime rt = runtime(unused);
    ActorRef<Message> localRef = testKit.spawn(LocalCoordinator.create(rt, global.ref()));
    rt.attachLocalCoordinator(localRef);
    global.expectMessageClass(RegisterMember.class);
    ActorRef<Message> lp0 = testKit.spawn(LpEntity.create(0, rt));
    lp0.tell(InitLp.newBuilder().setLp(0).build()); // its first event is at 300 ns
    global.awaitAssert(() -> {
      assertEquals(1, rt.ledger.hostedCount());
      return null;
    });
    String me = ActorRefResolver.get(testKit.system()).toSerializationFormat(global.ref());
    // Nothing is due before 200 ns: the member answers at once without waking anyone.
    localRef.tell(Advance.newBuilder().setWindow(1).setStartNs(100).setEndNs(200).setCoordinator(me).build());
    Idle idle = global.expectMessageClass(Idle.class);
    assertTrue(idle.getHasNext());
    assertEquals(300, idle.getNextEventNs());
    assertTrue(model.seen.isEmpty());
    // The event at 300 ns is due in [300, 400).
    localRef.tell(Advance.newBuilder().setWindow(2).setStartNs(300).setEndNs(400).setCoordinator(me).build());
    idle = global.expectMessageClass(Idle.class);
    assertEquals(2, idle.getWindow());
    assertEquals(false, idle.getHasNext());
    assertEquals(1, idle.getReceived()); // the InitLp
    assertEquals(List.of("300:own"), model.seen);
  }
}
