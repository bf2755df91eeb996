package io.qbone.deploy.scenario;

import io.qbone.node.network.ScheduledFault;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.Eavesdrop;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.LinkCut;
import io.qbone.protocol.v1.LinkRestore;
import io.qbone.protocol.v1.NodeCrash;
import io.qbone.qkd.link.QkdLinkConfig;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the scenario's optional {@code faults:} list into a schedule of (target LP, virtual time,
 * Fault): a link fault goes to both ends of the link, a node crash to the node.
 */
final class FaultsReader {
  static final List<String> FAULT = List.of("at_s", "kind", "a", "b", "node", "fraction");
  static final String KINDS = "one of: link-cut, link-restore, node-crash, eavesdrop";

  private FaultsReader() {}

  /**
   * @param qkdLinks the scenario's QKD links (an eavesdropper must attack one), empty if none
   */
  static List<ScheduledFault> read(YamlMap top, double durationS, Topology topology,
      List<QkdLinkConfig> qkdLinks) {
    List<Node> items = top.list("faults", "a list of faults");
    List<ScheduledFault> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      YamlMap m = top.element("faults", i, items.get(i),
          "a fault mapping {at_s, kind, ...}");
      m.checkKeys(FAULT);
      String timeExpected = "a time in [0, duration_s = " + durationS + ") (virtual seconds)";
      double at = m.number("at_s", timeExpected);
      if (!(at >= 0 && at < durationS)) {
        throw m.error("at_s", "expected " + timeExpected + ", got " + at);
      }
      long atNs = Math.round(at * 1e9);
      String kind = m.string("kind", KINDS);
      List<String> allowed = switch (kind) {
        case "link-cut", "link-restore" -> List.of("at_s", "kind", "a", "b");
        case "eavesdrop" -> List.of("at_s", "kind", "a", "b", "fraction");
        case "node-crash" -> List.of("at_s", "kind", "node");
        default -> throw m.error("kind", "expected " + KINDS + ", got '" + kind + "'");
      };
      for (String key : FAULT) {
        if (m.has(key) && !allowed.contains(key)) {
          throw m.error(key, "expected no '" + key + "' on a " + kind + " fault; expected: "
              + String.join(", ", allowed));
        }
      }
      if (kind.equals("node-crash")) {
        String node = m.string("node", Fields.NODE_NAME);
        int v = topology.indexOf(node);
        if (v < 0) {
          throw m.error("node", "expected a node defined under 'nodes', got unknown node '"
              + node + "'");
        }
        out.add(new ScheduledFault(v, atNs, Fault.newBuilder()
            .setNodeCrash(NodeCrash.newBuilder().setNode(v)).build()));
        continue;
      }
      String a = m.string("a", Fields.NODE_NAME);
      String b = m.string("b", Fields.NODE_NAME);
      int link = QkdSectionReader.linkBetween(topology, a, b);
      if (link < 0) {
        throw m.error("b", "expected a link defined under 'links' between '" + a + "' and '"
            + b + "', got none");
      }
      Fault.Builder f = Fault.newBuilder();
      switch (kind) {
        case "link-cut" -> f.setLinkCut(LinkCut.newBuilder().setLink(link));
        case "link-restore" -> f.setLinkRestore(LinkRestore.newBuilder().setLink(link));
        default -> {
          boolean isQkd = qkdLinks.stream().anyMatch(q -> (q.a().equals(a) && q.b().equals(b))
              || (q.a().equals(b) && q.b().equals(a)));
          if (!isQkd) {
            throw m.error("b", "expected a QKD link listed under 'qkd.links' (an eavesdropper "
                + "attacks a QKD link), got '" + a + "'-'" + b + "'");
          }
          String expected = "a fraction of the signals in [0, 1] (0 stops the attack)";
          double fraction = m.number("fraction", expected);
          if (!(fraction >= 0 && fraction <= 1)) {
            throw m.error("fraction", "expected " + expected + ", got " + fraction);
          }
          f.setEavesdrop(Eavesdrop.newBuilder().setLink(link).setFraction(fraction));
        }
      }
      Fault fault = f.build();
      out.add(new ScheduledFault(topology.link(link).a(), atNs, fault));
      out.add(new ScheduledFault(topology.link(link).b(), atNs, fault));
    }
    return out;
  }
}
