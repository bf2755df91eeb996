package io.qbone.deploy.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qbone.node.network.Link;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.EntanglementRequest;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.LinkCut;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.NodeCrash;
import io.qbone.router.traffic.FlowConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The API's write side (docs/api.md): faults and entanglement requests into a running run.
 * Every check happens before anything is injected, so a refused request changes nothing.
 */
final class LiveRequests {
  /** An answer: HTTP status and JSON body. */
  record Answer(int status, ObjectNode body) {}

  /** A request the API refuses, with the status and a message naming what was wrong. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** How long a request waits for the coordinator to stamp its injection. */
  private static final long STAMP_WAIT_SECONDS = 30;

  private final LiveRun run;

  LiveRequests(LiveRun run) {
    this.run = run;
  }

  static Answer error(int status, String message) {
    ObjectNode n = LiveRun.JSON.createObjectNode();
    n.put("error", message);
    return new Answer(status, n);
  }

  /** POST /api/faults. */
  Answer fault(String body) {
    try {
      JsonNode req = parse(body);
      String kind = text(req, "fault");
      Topology t = run.plan().topology();
      List<LpMessage.Builder> targets = new ArrayList<>();
      List<Integer> lps = new ArrayList<>();
      String subject;
      switch (kind) {
        case "link-cut" -> {
          Link link = link(req);
          subject = t.linkName(link.index());
          // Both ends of the link learn of the cut (fault.proto).
          for (int end : new int[] {link.a(), link.b()}) {
            lps.add(end);
            targets.add(LpMessage.newBuilder().setFault(Fault.newBuilder()
                .setLinkCut(LinkCut.newBuilder().setLink(link.index()))));
          }
        }
        case "node-crash" -> {
          int node = node(req, "node");
          subject = t.node(node).name();
          lps.add(node);
          targets.add(LpMessage.newBuilder().setFault(Fault.newBuilder()
              .setNodeCrash(NodeCrash.newBuilder().setNode(node))));
        }
        case "link-restore", "eavesdrop" -> {
          link(req); // still a bad request when it names no link of the scenario
          throw new Refused(501, "'" + kind + "' is not modelled yet: "
              + ("eavesdrop".equals(kind)
                  ? "eavesdroppers act on QKD links, which runs do not simulate yet"
                  : "a cut link stays cut until the router can re-admit it"));
        }
        default -> throw new Refused(400, "field 'fault': expected one of link-cut, node-crash, "
            + "link-restore, eavesdrop; got '" + kind + "'");
      }
      requireRunning();
      long at = inject(lps, targets);
      ObjectNode n = LiveRun.JSON.createObjectNode();
      n.put("fault", kind);
      n.put("subject", subject);
      n.put("applied_at_ns", at);
      return new Answer(202, n);
    } catch (Refused r) {
      return error(r.status, r.getMessage());
    }
  }

  /**
   * POST /api/requests: entanglement between two nodes. The router plans the scenario's flows
   * (routes and memory shares) before the run, so a live request can start a planned flow that
   * has not started yet, now; a pair of nodes with no planned flow is refused (409).
   */
  Answer entanglement(String body) {
    try {
      JsonNode req = parse(body);
      int from = node(req, "from");
      int to = node(req, "to");
      Topology t = run.plan().topology();
      int flow = -1;
      for (int f = 0; f < run.plan().flowCount(); f++) {
        FlowConfig c = run.plan().flows().get(f);
        if (c.from().equals(t.node(from).name()) && c.to().equals(t.node(to).name())) {
          flow = f;
          break;
        }
      }
      if (flow < 0) {
        throw new Refused(409, "no flow from '" + t.node(from).name() + "' to '"
            + t.node(to).name() + "' is planned: the router sets up routes and memory for the "
            + "scenario's flows before the run, so live requests can only start one of them "
            + "(declare it under flows: with a later start_s)");
      }
      requireRunning();
      // The source takes the request like the one its own start time issues; a flow that has
      // started already ignores it.
      long at = inject(List.of(from), List.of(LpMessage.newBuilder().setEntanglementRequest(
          EntanglementRequest.newBuilder().setFlow(flow))));
      ObjectNode n = LiveRun.JSON.createObjectNode();
      n.put("flow", run.plan().flows().get(flow).name());
      n.put("status", at < run.plan().flowStartNs(flow) ? "started" : "already-started");
      n.put("applied_at_ns", at);
      return new Answer(202, n);
    } catch (Refused r) {
      return error(r.status, r.getMessage());
    }
  }

  private void requireRunning() throws Refused {
    LiveRun.Phase p = run.phase();
    if (p != LiveRun.Phase.RUNNING) {
      throw new Refused(409, "the run is " + p.name().toLowerCase(Locale.ROOT)
          + "; requests are taken only while it runs");
    }
  }

  /** Injects all messages and waits until the coordinator stamped them. */
  private long inject(List<Integer> lps, List<LpMessage.Builder> messages) throws Refused {
    List<CompletableFuture<Long>> stamps = new ArrayList<>();
    for (int i = 0; i < lps.size(); i++) {
      stamps.add(run.injector().inject(lps.get(i), messages.get(i)));
    }
    long at = 0;
    try {
      for (CompletableFuture<Long> s : stamps) {
        at = Math.max(at, s.get(STAMP_WAIT_SECONDS, TimeUnit.SECONDS));
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new Refused(409, e.getCause().getMessage());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new Refused(503, "the run did not reach a window boundary within "
          + STAMP_WAIT_SECONDS + " s; the request is still queued");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused(503, "interrupted while waiting for the run");
    }
    return at;
  }

  private static JsonNode parse(String body) throws Refused {
    JsonNode n;
    try {
      n = LiveRun.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      // Jackson names the source of an unclosed object; the request body has no other name.
      String why = e.getOriginalMessage()
          .replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "");
      throw new Refused(400, "malformed JSON at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ": " + why);
    }
    if (n == null || !n.isObject()) {
      throw new Refused(400, "expected a JSON object");
    }
    return n;
  }

  private static String text(JsonNode req, String field) throws Refused {
    JsonNode v = req.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new Refused(400, "field '" + field + "': expected a string, got "
          + (v == null ? "nothing" : v.toString()));
    }
    return v.asText();
  }

  private int node(JsonNode req, String field) throws Refused {
    String name = text(req, field);
    int i = run.plan().topology().indexOf(name);
    if (i < 0) {
      throw new Refused(400, "field '" + field + "': unknown node '" + name + "'");
    }
    return i;
  }

  /** The link between nodes {@code a} and {@code b}, in either order. */
  private Link link(JsonNode req) throws Refused {
    int a = node(req, "a");
    int b = node(req, "b");
    Topology t = run.plan().topology();
    for (int l : t.incidentLinks(a)) {
      if (t.link(l).other(a) == b) {
        return t.link(l);
      }
    }
    throw new Refused(400, "fields 'a', 'b': there is no link between '" + t.node(a).name()
        + "' and '" + t.node(b).name() + "'");
  }
}
