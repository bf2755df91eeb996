package io.qbone.qkd.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.ScheduledFault;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.LinkCut;
import io.qbone.protocol.v1.LinkRestore;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.QkdAlarm;
import io.qbone.protocol.v1.QkdDemandReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cut link stops making key and relay goes around it until it is restored. */
class LinkFaultTest {
  static List<ScheduledFault> onAb(long atNs, Fault f) {
    // Link 0 is A-B of the square (A = 0, B = 1): the fault goes to both ends.
    return List.of(new ScheduledFault(0, atNs, f), new ScheduledFault(1, atNs, f));
  }

  @Test
  void cutLinkIsAvoidedUntilRestored() throws Exception {
    List<ScheduledFault> faults = new ArrayList<>();
    faults.addAll(onAb(200_000_000L,
        Fault.newBuilder().setLinkCut(LinkCut.newBuilder().setLink(0)).build()));
    faults.addAll(onAb(400_000_000L,
        Fault.newBuilder().setLinkRestore(LinkRestore.newBuilder().setLink(0)).build()));
    QkdRunner.Run run = EavesdropperTest.square(faults, Telemetry.NONE);
    assertEquals(0, run.result().malformedMessages());
    List<QkdAlarm> alarms = new ArrayList<>();
    for (LpReport r : run.result().reports()) {
      alarms.addAll(r.getQkdAlarmsList());
    }
    assertEquals(1, alarms.size(), alarms.toString());
    assertEquals("link-cut", alarms.get(0).getKind());
    assertEquals(200_000_000L, alarms.get(0).getAtNs());
    assertTrue(run.relayBits(2) > 0, "keys went A-D-C while A-B was cut");
    QkdDemandReport d = run.demand(0);
    // After the restore the shorter route A-B-C is used again.
    assertEquals(List.of(0, 1, 2), d.getLastPathList());
    assertTrue(d.getDelivered() > 0.9 * d.getRequested(), d.getDelivered() + " of "
        + d.getRequested());
    // No blocks on A-B for the 0.2 s of the cut: fewer than the calm run's (0.6 s of blocks).
    QkdRunner.Run calm = EavesdropperTest.square(List.of(), Telemetry.NONE);
    long cutBlocks = run.channel(0).getBlocks();
    long calmBlocks = calm.channel(0).getBlocks();
    assertTrue(cutBlocks < 0.75 * calmBlocks && cutBlocks > 0.5 * calmBlocks,
        cutBlocks + " vs " + calmBlocks);
    KeyNetworkTest.assertPoolsIdentical(run);
  }
}
