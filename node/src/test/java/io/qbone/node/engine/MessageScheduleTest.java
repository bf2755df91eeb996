package io.qbone.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.LinkCut;
import io.qbone.protocol.v1.LinkReport;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageScheduleTest {
  private static final int LPS = 12;
  private static final long LOOKAHEAD = 1_000;
  private static final long END = 50_000;

  private static LpMessage.Builder cut(int link) {
    return LpMessage.newBuilder().setFault(Fault.newBuilder().setLinkCut(LinkCut.newBuilder().setLink(link)));
  }

  private static MessageSchedule schedule() {
    return new MessageSchedule()
        .add(3, 7_250, cut(30))
        .add(3, 7_250, cut(31)) // same instant: order of adding decides
        .add(3, 1_000, cut(32))
        .add(11, 49_999, cut(110))
        .add(5, END, cut(50)); // at the run's end: never due
  }

  private static RunResult run(int members) throws Exception {
    return new EmbeddedCluster(members, 2, EngineDeterminismTest.SERIALIZE_ALL).run(
        new EngineSettings(LOOKAHEAD, END, 7, 0), LPS,
        ((ModelFactory) lp -> new FaultRecorder()).withSchedule(schedule()), System::nanoTime);
  }

  /** (link, time) of every fault received, in the order received. */
  private static List<String> received(RunResult r, int lp) {
    return r.reports().stream().filter(x -> x.getLp() == lp).findFirst().orElseThrow()
        .getLinksList().stream().map(l -> l.getLink() + "@" + l.getGenerated()).toList();
  }

  @Test
  void scheduledMessagesArriveAtTheirTimeInOrderOnOneAndThreeMembers() throws Exception {
    for (int members : new int[] {1, 3}) {
      RunResult r = run(members);
      assertEquals(List.of("32@1000", "30@7250", "31@7250"), received(r, 3), members + " members");
      assertEquals(List.of("110@49999"), received(r, 11));
      assertEquals(List.of(), received(r, 5));
      assertEquals(List.of(), received(r, 0));
      assertEquals(0, r.causalityViolations());
      assertEquals(0, r.malformedMessages());
    }
  }

  @Test
  void rejectsNegativeTimesAndLps() {
    assertThrows(IllegalArgumentException.class, () -> new MessageSchedule().add(1, -1, cut(1)));
    assertThrows(IllegalArgumentException.class, () -> new MessageSchedule().add(-2, 1, cut(1)));
  }

  /** Remembers each link cut it receives as (link, time of arrival). */
  static final class FaultRecorder implements LpModel {
    private final LpReport.Builder seen = LpReport.newBuilder();

    @Override
    public void start(LpContext ctx) {}

    @Override
    public void onEvent(LpContext ctx, Object event) {}

    @Override
    public void onMessage(LpContext ctx, LpMessage message) {
      seen.addLinks(LinkReport.newBuilder()
          .setLink(message.getFault().getLinkCut().getLink()).setGenerated(ctx.now()));
    }

    @Override
    public void report(LpReport.Builder report) {
      report.addAllLinks(seen.getLinksList());
    }
  }
}
