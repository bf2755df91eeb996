package io.qbone.router.request;

import io.qbone.node.engine.LpContext;
import io.qbone.node.engine.LpModel;
import io.qbone.node.engine.MalformedMessageException;
import io.qbone.node.network.Topology;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.PathChoice;
import io.qbone.protocol.v1.RouteAnswer;
import io.qbone.protocol.v1.RouteQuery;
import io.qbone.protocol.v1.RoutingReport;
import io.qbone.router.routing.KShortestPaths;
import io.qbone.router.routing.LinkWeights;
import io.qbone.router.routing.NetworkView;
import io.qbone.router.routing.PathAssignment;
import io.qbone.router.routing.PathRequest;
import io.qbone.router.routing.Route;
import io.qbone.router.routing.RoutingDecision;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;

/**
 * The central (SDN-style) controller: one logical process, at a chosen node's location, that
 * every source asks for paths. It sees the whole network: the failures any source reported and
 * the memory it has committed to the paths it handed out (until their deadlines), and picks, of
 * the k lowest-latency paths, the one whose busiest node has the most memory left. Control
 * messages take the lowest-latency path between the node and the controller. Being one LP, it
 * has the singleton's role, and its place in the cluster is the sharding's choice.
 */
public final class CentralController implements LpModel {
  /** Memory committed to a handed-out path, until the request's deadline. */
  private record Commitment(long untilNs, int[] nodes) {}

  private final RequestPlan plan;
  private final Topology topology;
  private final BitSet down = new BitSet();
  private final int[] committed;
  private final ArrayDeque<Commitment> commitments = new ArrayDeque<>();
  private long computations;

  public CentralController(RequestPlan plan) {
    this.plan = plan;
    this.topology = plan.topology();
    this.committed = new int[topology.nodeCount()];
  }

  @Override
  public void start(LpContext ctx) {}

  @Override
  public void onEvent(LpContext ctx, Object event) {
    throw new IllegalStateException("the controller schedules no events, got " + event);
  }

  @Override
  public void onMessage(LpContext ctx, LpMessage m) {
    if (m.getBodyCase() != LpMessage.BodyCase.ROUTE_QUERY) {
      throw new MalformedMessageException("the controller only answers route queries, got "
          + m.getBodyCase());
    }
    RouteQuery q = m.getRouteQuery();
    if (q.getSource() < 0 || q.getSource() >= topology.nodeCount()
        || q.getDestination() < 0 || q.getDestination() >= topology.nodeCount()
        || q.getSource() == q.getDestination() || q.getPairs() < 1) {
      throw new MalformedMessageException("route query with bad ends or pairs: " + q);
    }
    for (int l : q.getDownLinksList()) {
      if (l >= 0 && l < topology.links().size()) {
        down.set(l);
      }
    }
    expire(ctx.now());
    computations++;
    PathRequest request = new PathRequest(q.getRequest(), q.getSource(), q.getDestination(),
        q.getPairs(), q.getMinFidelity(), q.getDeadlineNs());
    RoutingDecision d = leastLoaded(request, view(down), plan.routing().k());
    RouteAnswer.Builder a = RouteAnswer.newBuilder().setRequest(q.getRequest());
    if (d instanceof RoutingDecision.Rejected r) {
      a.setAccepted(false).setReason(r.reason());
    } else {
      PathAssignment p = ((RoutingDecision.Accepted) d).paths().get(0);
      Route route = p.route();
      PathChoice.Builder c = PathChoice.newBuilder().setPairs(p.pairs()).setPurificationRounds(0);
      for (int v : route.nodes()) {
        c.addNodes(v);
        committed[v] += v == route.source() || v == route.destination() ? 1 : 2;
      }
      for (int l : route.links()) {
        c.addLinks(l);
      }
      commitments.add(new Commitment(q.getDeadlineNs(), route.nodes()));
      a.setAccepted(true).addPaths(c);
    }
    ctx.send(q.getSource(), plan.controllerDelayNs(q.getSource()),
        LpMessage.newBuilder().setRouteAnswer(a));
  }

  /** Drops commitments whose deadline has passed (requests end by their deadline). */
  private void expire(long nowNs) {
    // Deadlines arrive in order only per class; scan all (commitments are few per deadline).
    int n = commitments.size();
    for (int i = 0; i < n; i++) {
      Commitment c = commitments.poll();
      if (c.untilNs() <= nowNs) {
        for (int k = 0; k < c.nodes().length; k++) {
          int v = c.nodes()[k];
          committed[v] -= k == 0 || k == c.nodes().length - 1 ? 1 : 2;
        }
      } else {
        commitments.add(c);
      }
    }
  }

  private RoutingDecision leastLoaded(PathRequest request, NetworkView view, int k) {
    List<KShortestPaths.Path> paths = new KShortestPaths(topology, LinkWeights.LATENCY, view::isUp)
        .find(request.source(), request.destination(), k);
    if (paths.isEmpty()) {
      return RoutingDecision.noPath(request);
    }
    KShortestPaths.Path best = null;
    double bestLoad = Double.POSITIVE_INFINITY;
    for (KShortestPaths.Path p : paths) {
      double load = 0;
      for (int v : p.nodes()) {
        load = Math.max(load, committed[v] / (double) Math.max(1, plan.memoryCapacity(v)));
      }
      if (load < bestLoad) {
        best = p;
        bestLoad = load;
      }
    }
    return RoutingDecision.single(best.toRoute(0, topology), request.pairs());
  }

  /**
   * Re-routing at a source after a failure, without a round trip to the controller: the
   * lowest-latency path over the links the source knows up.
   */
  static RoutingDecision reroute(PathRequest request, NetworkView view, RoutingConfig config) {
    List<KShortestPaths.Path> paths = new KShortestPaths(view.topology(), LinkWeights.LATENCY,
        view::isUp).find(request.source(), request.destination(), 1);
    if (paths.isEmpty()) {
      return RoutingDecision.noPath(request);
    }
    return RoutingDecision.single(paths.get(0).toRoute(0, view.topology()), request.pairs());
  }

  private NetworkView view(BitSet downLinks) {
    return new NetworkView() {
      @Override
      public Topology topology() {
        return topology;
      }

      @Override
      public boolean isUp(int link) {
        return !downLinks.get(link);
      }
    };
  }

  @Override
  public void report(LpReport.Builder report) {
    report.setRouting(RoutingReport.newBuilder().setPathComputations(computations));
  }
}
