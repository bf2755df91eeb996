package io.qbone.router.network;

import io.qbone.node.util.LongMap;
import io.qbone.router.delivery.ChainAssembler;
import io.qbone.router.delivery.FlowStats;
import io.qbone.router.delivery.StoredQubit;
import io.qbone.router.routing.Route;
import java.util.ArrayDeque;

/** One node's state for one flow: stored qubits, and at the ends the chain assembly. */
final class FlowRole {
  final FlowRoleSpec spec;
  final Route route;
  boolean active;
  /** Repeater: qubits towards the source / destination waiting for a partner, oldest first. */
  final ArrayDeque<StoredQubit> left = new ArrayDeque<>();
  final ArrayDeque<StoredQubit> right = new ArrayDeque<>();
  /** End node: qubits waiting for their chain to complete, by pair id. */
  final LongMap<StoredQubit> held = new LongMap<>();
  /** End node of a multi-hop route. */
  final ChainAssembler assembler;
  /** Source only. */
  final FlowStats stats;

  FlowRole(FlowRoleSpec spec, Route route) {
    this.spec = spec;
    this.route = route;
    this.assembler = isEnd() && route.hops() > 1 ? new ChainAssembler(route) : null;
    this.stats = isSource() ? new FlowStats(spec.flow()) : null;
  }

  int position() {
    return spec.position();
  }

  boolean isSource() {
    return spec.position() == 0;
  }

  boolean isDestination() {
    return spec.position() == route.hops();
  }

  boolean isEnd() {
    return isSource() || isDestination();
  }

  /** The link towards the source, or -1 at the source. */
  int leftLink() {
    return isSource() ? -1 : route.links()[spec.position() - 1];
  }

  /** The link towards the destination, or -1 at the destination. */
  int rightLink() {
    return isDestination() ? -1 : route.links()[spec.position()];
  }
}
