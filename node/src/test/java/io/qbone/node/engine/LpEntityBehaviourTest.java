package io.qbone.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.qbone.protocol.v1.Advance;
import io.qbone.protocol.v1.Collect;
import io.qbone.protocol.v1.Herald;
import io.qbone.protocol.v1.Idle;
import io.qbone.protocol.v1.InitLp;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.MemberReport;
import io.qbone.protocol.v1.RegisterMember;
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
  private final TestProbe<Message> global = testKit.createTestProbe();
  private final MemberRuntime runtime = new MemberRuntime(
      new EngineSettings(100, 10_000, 1, 0), LpPlacement.blocks(3, 1), lp -> model, () -> 0L,
      java.util.function.UnaryOperator.identity(), 2, 0);
  private ActorRef<Message> local;
  private String globalName;

  /** A member with one LP (index 0) created through its entity, and its local coordinator. */
  private ActorRef<Message> member() {
    local = testKit.spawn(LocalCoordinator.create(runtime, global.ref()));
    global.expectMessageClass(RegisterMember.class);
    globalName = ActorRefResolver.get(testKit.system()).toSerializationFormat(global.ref());
    ActorRef<Message> lp = testKit.spawn(LpEntity.create(0, runtime));
    lp.tell(InitLp.newBuilder().setLp(0).build());
    global.awaitAssert(() -> {
      assertEquals(1, runtime.ledger.snapshot().hosted());
      return null;
    });
    return lp;
  }

  private Idle advance(long window, long start, long end) {
    local.tell(Advance.newBuilder().setWindow(window).setStartNs(start).setEndNs(end)
        .setCoordinator(globalName).build());
    Idle idle = global.expectMessageClass(Idle.class);
    assertEquals(window, idle.getWindow());
    return idle;
  }

  @Test
  void processesEventsInTimeOriginSequenceOrderWhateverTheArrivalOrder() {
    ActorRef<Message> lp = member();
    // Messages from other members arrive in reverse order; ties in time are broken by origin,
    // then sequence.
    lp.tell(herald(2, 7, 500, 0));
    lp.tell(herald(1, 9, 500, 0));
    lp.tell(herald(1, 3, 500, 0));
    lp.tell(herald(2, 1, 200, 0));
    global.awaitAssert(() -> {
      assertEquals(5, runtime.ledger.snapshot().received()); // InitLp and the four heralds
      return null;
    });
    Idle idle = advance(1, 0, 1_000);
    assertEquals(List.of("200:from2#1", "300:own", "500:from1#3", "500:from1#9", "500:from2#7"),
        model.seen);
    assertEquals(false, idle.getHasNext());
  }

  @Test
  void countsCausalityViolationsAndDropsMalformedMessages() {
    ActorRef<Message> lp = member();
    advance(1, 0, 1_000);
    lp.tell(herald(1, 1, 999, 0));                  // lands inside the window the LP already ran
    lp.tell(herald(1, 2, 5_000, 2));                // addressed to another LP
    lp.tell(LpMessage.newBuilder().setDeliverAtNs(5_000).setTarget(0).build()); // no body
    global.awaitAssert(() -> {
      assertEquals(4, runtime.ledger.snapshot().received()); // each still counted as received
      return null;
    });
    local.tell(Collect.newBuilder().setCoordinator(globalName).build());
    MemberReport member = global.expectMessageClass(MemberReport.class);
    assertTrue(member.getLast());
    LpReport report = member.getReports(0);
    assertEquals(1, report.getCausalityViolations());
    assertEquals(2, report.getMalformedMessages());
    assertEquals(1, report.getEvents());
  }

  @Test
  void wakesOnlyLpsWithWorkAndReportsTheNextEvent() {
    member(); // its first event is at 300 ns
    // Nothing is due before 200 ns: the member answers at once without running anyone.
    Idle idle = advance(1, 100, 200);
    assertTrue(idle.getHasNext());
    assertEquals(300, idle.getNextEventNs());
    assertTrue(model.seen.isEmpty());
    // The event at 300 ns is due in [300, 400).
    idle = advance(2, 300, 400);
    assertEquals(false, idle.getHasNext());
    assertEquals(1, idle.getReceived()); // the InitLp
    assertEquals(List.of("300:own"), model.seen);
  }
}
