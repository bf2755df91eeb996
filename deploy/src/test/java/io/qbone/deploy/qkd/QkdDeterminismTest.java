package io.qbone.deploy.qkd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.run.ResultsJson;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A QKD scenario with an eavesdropper gives a byte-identical outcome on 1 and 3 members. */
class QkdDeterminismTest {
  @Test
  void secoqcWithEavesdropperOnOneAndThreeMembers() throws Exception {
    Scenario s = ReferenceNetworksTest.shortened(
        ReferenceNetworksTest.load("secoqc-vienna.yaml"), 120);
    // Eve on 60 % of BREIT-STP (link 6) from 30 s: its blocks abort, SIE-STP keys stop.
    var eve = io.qbone.protocol.v1.Fault.newBuilder().setEavesdrop(
        io.qbone.protocol.v1.Eavesdrop.newBuilder().setLink(6).setFraction(0.6)).build();
    int breit = 4;
    int stp = 5;
    s = new Scenario(s.file(), s.name(), s.seed(), s.durationS(), s.routing(), s.nodes(),
        s.links(), s.flows(), s.locations(), s.qkd(),
        List.of(new io.qbone.node.network.ScheduledFault(breit, 30_000_000_000L, eve),
            new io.qbone.node.network.ScheduledFault(stp, 30_000_000_000L, eve)));
    String one = ResultsJson.toJson(ResultsJson.outcome(
        ScenarioRunner.run(s, new RunOptions(1, 2, 0, true))));
    String three = ResultsJson.toJson(ResultsJson.outcome(
        ScenarioRunner.run(s, new RunOptions(3, 1, 0, true))));
    assertEquals(one, three);
    assertTrue(one.contains("\"kind\" : \"eavesdropper\""), one);
    assertTrue(one.contains("\"subject\" : \"BREIT-STP\""), one);
  }
}
