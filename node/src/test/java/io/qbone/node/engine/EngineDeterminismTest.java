package io.qbone.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.qbone.protocol.v1.LpReport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EngineDeterminismTest {
  static final Config SERIALIZE_ALL = ConfigFactory.parseString(
      "pekko.actor.serialize-messages = on\npekko.actor.serialize-creators = off");
  private static final int LPS = 60;
  private static final long LOOKAHEAD = 1_000;
  private static final long END = 400_000;

  private static RunResult run(int members, long seed) throws Exception {
    return new EmbeddedCluster(members, 2, SERIALIZE_ALL).run(
        new EngineSettings(LOOKAHEAD, END, seed, 0), LPS,
        lp -> new TokenModel(LPS, LOOKAHEAD), System::nanoTime);
  }

  private static List<String> outcome(RunResult r) {
    return r.reports().stream()
        .map(LpReport::toByteString)
        .map(b -> b.toStringUtf8() + "|" + b.hashCode())
        .toList();
  }

  @Test
  void sameSeedGivesIdenticalReportsOnOneAndThreeMembers() throws Exception {
    RunResult one = run(1, 7);
    RunResult three = run(3, 7);
    assertEquals(LPS, one.reports().size());
    assertEquals(0, one.causalityViolations());
    assertEquals(0, three.causalityViolations());
    assertEquals(0, one.malformedMessages());
    // Every LP starts one token; tokens are conserved, so about LPS * END / mean delay arrive.
    long tokens = one.reports().stream().mapToLong(r -> r.getFlows(0).getDelivered()).sum();
    assertTrue(tokens > LPS * (END / (LOOKAHEAD * 3)) / 2, "tokens " + tokens);
    assertEquals(outcome(one), outcome(three));
    assertEquals(one.windows(), three.windows());
    // LPs really are spread over the three members.
    assertEquals(3, three.lpsPerMember().size());
    assertTrue(three.lpsPerMember().stream().allMatch(n -> n > 0), three.lpsPerMember().toString());
    assertEquals(LPS, three.lpsPerMember().stream().mapToInt(Integer::intValue).sum());
  }

  /**
   * Members synchronising on a member lookahead five times the lookahead (tokens between the
   * three regions travel at least that long, as across cut links) run several windows of their
   * own per epoch and exchange one batch per pair per epoch; the outcome is that of one member
   * synchronising every lookahead, with no causality violation, in fewer epochs.
   */
  @Test
  void epochsOfTheMemberLookaheadGiveTheOutcomeOfOneMember() throws Exception {
    LpPlacement regions = LpPlacement.blocks(LPS, 3);
    long cross = 5 * LOOKAHEAD;
    ModelFactory tokens = lp -> new TokenModel(LPS, LOOKAHEAD, regions, cross);
    RunResult one = new EmbeddedCluster(1, 2, SERIALIZE_ALL).run(
        new EngineSettings(LOOKAHEAD, END, 7, 0), LPS, tokens, System::nanoTime);
    RunResult three = new EmbeddedCluster(3, 2, SERIALIZE_ALL).run(
        new EngineSettings(LOOKAHEAD, END, 7, 0).withMemberLookaheadNs(cross), regions, tokens,
        System::nanoTime, new RunProgress(), null);
    assertEquals(0, one.causalityViolations());
    assertEquals(0, three.causalityViolations());
    assertEquals(outcome(one), outcome(three));
    assertTrue(three.windows() * 3 < one.windows(),
        "epochs " + three.windows() + " against windows " + one.windows());
    assertTrue(three.times().memberWindows() > three.windows(),
        "member windows " + three.times().memberWindows() + ", epochs " + three.windows());
  }

  /**
   * A member lookahead longer than the shortest delay between members lets a member run past a
   * message another member sends it: counted as causality violations, never silent.
   */
  @Test
  void aMemberLookaheadLongerThanTheCrossMemberDelaysIsCountedAsViolations() throws Exception {
    LpPlacement regions = LpPlacement.blocks(LPS, 3);
    RunResult tooLong = new EmbeddedCluster(3, 1, SERIALIZE_ALL).run(
        new EngineSettings(LOOKAHEAD, END, 7, 0).withMemberLookaheadNs(20 * LOOKAHEAD), regions,
        lp -> new TokenModel(LPS, LOOKAHEAD), System::nanoTime, new RunProgress(), null);
    assertTrue(tooLong.causalityViolations() > 0, "violations " + tooLong.causalityViolations());
  }

  /**
   * An uneven placement (LPs 0-9 on member 2, 10-29 on member 0, 30-59 on member 1) is followed
   * exactly, member k being the k-th in address order, and leaves the outcome unchanged.
   */
  @Test
  void lpsLiveOnTheMembersThePlacementNames() throws Exception {
    LpPlacement uneven = new LpPlacement() {
      @Override
      public int lpCount() {
        return LPS;
      }

      @Override
      public int members() {
        return 3;
      }

      @Override
      public int memberOf(int lp) {
        return lp < 10 ? 2 : lp < 30 ? 0 : 1;
      }
    };
    RunResult placed = new EmbeddedCluster(3, 1, SERIALIZE_ALL).run(
        new EngineSettings(LOOKAHEAD, END, 7, 0), uneven,
        lp -> new TokenModel(LPS, LOOKAHEAD), System::nanoTime, new RunProgress(), null);
    assertEquals(List.of(20, 30, 10), placed.lpsPerMember());
    assertEquals(outcome(run(1, 7)), outcome(placed));
    var wrongSize = assertThrows(IllegalArgumentException.class, () ->
        new EmbeddedCluster(2, 1, SERIALIZE_ALL).run(new EngineSettings(LOOKAHEAD, END, 7, 0),
            uneven, lp -> new TokenModel(LPS, LOOKAHEAD), System::nanoTime, new RunProgress(),
            null));
    assertEquals("placement is for 3 members, the cluster has 2", wrongSize.getMessage());
  }

  @Test
  void everySendIsCountedByItsBodyType() throws Exception {
    RunResult r = run(3, 7);
    // TokenModel passes one token (a Release body) per event: the first and every arrival.
    for (LpReport lp : r.reports()) {
      assertEquals(1, lp.getMessagesSentCount(), lp.toString());
      assertEquals("release", lp.getMessagesSent(0).getType());
      assertEquals(lp.getEvents(), lp.getMessagesSent(0).getSent(), "LP " + lp.getLp());
    }
    assertEquals(java.util.Map.of("release", r.events()), r.messagesSent());
  }

  /** On three members the members stop their free-running epochs together at the failure. */
  @ParameterizedTest(name = "{0} member(s)")
  @ValueSource(ints = {1, 3})
  void aModelBugStopsTheRunWithItsCauseInsteadOfHanging(int members) {
    var error = assertThrows(java.util.concurrent.ExecutionException.class, () ->
        new EmbeddedCluster(members, 2, SERIALIZE_ALL).run(
            new EngineSettings(LOOKAHEAD, END, 7, 0), LPS,
            lp -> lp == 13 ? new FailingModel() : new TokenModel(LPS, LOOKAHEAD), System::nanoTime));
    assertTrue(error.getCause().getMessage().startsWith("LP 13 failed at 2500 ns"),
        error.getCause().getMessage());
  }

  /** Throws when its own event at 2500 ns is due. */
  static final class FailingModel implements LpModel {
    @Override
    public void start(LpContext ctx) {
      ctx.schedule(2_500, "boom");
    }

    @Override
    public void onEvent(LpContext ctx, Object event) {
      throw new IllegalStateException("model bug");
    }

    @Override
    public void onMessage(LpContext ctx, io.qbone.protocol.v1.LpMessage message) {}

    @Override
    public void report(io.qbone.protocol.v1.LpReport.Builder report) {}
  }

  @ParameterizedTest(name = "{0} member(s)")
  @ValueSource(ints = {1, 3})
  void progressEndsAtTheRunLengthWithEveryEventCounted(int members) throws Exception {
    RunProgress progress = new RunProgress();
    RunResult r = new EmbeddedCluster(members, 2, SERIALIZE_ALL).run(
        new EngineSettings(LOOKAHEAD, END, 7, 0), LPS,
        lp -> new TokenModel(LPS, LOOKAHEAD), System::nanoTime, progress);
    assertEquals(END, progress.virtualNs());
    assertEquals(r.events(), progress.events());
  }

  @Test
  void theSecondHalfRateCountsTheWindowsEndingInTheSecondHalfOfVirtualTime() throws Exception {
    RunResult r = run(1, 7);
    RunResult.EngineTimes t = r.times();
    // Tokens are conserved, so events are spread evenly over virtual time: the windows ending
    // after END / 2 hold about half of them (one window more or less is 1/400 of the run).
    double share = (double) t.secondHalfEvents() / r.events();
    assertTrue(share > 0.45 && share < 0.55, "second-half share " + share);
    assertTrue(t.secondHalfWindowWallNanos() > 0
        && t.secondHalfWindowWallNanos() < t.windowWallNanos(), t.toString());
    // Counted by virtual time, so as deterministic as the events themselves.
    assertEquals(t.secondHalfEvents(), run(3, 7).times().secondHalfEvents());
  }

  @Test
  void differentSeedsGiveDifferentReports() throws Exception {
    assertNotEquals(outcome(run(1, 7)), outcome(run(1, 8)));
  }
}
