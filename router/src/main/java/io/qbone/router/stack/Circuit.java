package io.qbone.router.stack;

import io.qbone.node.util.LongMap;
import io.qbone.router.delivery.ChainAssembler;
import io.qbone.router.request.SwapSchedule;
import io.qbone.router.routing.Route;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's state for one circuit: its place on the route, the qubits it gives the circuit on
 * each side, the qubits it stores, and at the ends the chain assembly.
 */
public final class Circuit {
  final long id;
  /** The fixed flow the circuit serves, or -1 for a request's path. */
  final int flow;
  final Route route;
  final int position;
  final int leftSlots;
  final int rightSlots;
  final long cutoffNs;
  final SwapSchedule schedule;
  /** Repeater: positions its left / right qubit's segment must reach before it swaps. */
  final int leftNeed;
  final int rightNeed;
  /** Repeater: the repeater waiting to hear of this one's swaps, or -1. */
  final int waitingRepeater;
  /** Repeater: qubits towards the source / destination waiting for a partner, oldest first. */
  final ArrayDeque<HeldQubit> left = new ArrayDeque<>();
  final ArrayDeque<HeldQubit> right = new ArrayDeque<>();
  /** End node: qubits waiting for their chain to complete, by pair id. */
  final LongMap<HeldQubit> held = new LongMap<>();
  /** Entanglement pumping rounds each link pair goes through before it is used. */
  final int rounds;
  /** Pairs of the left / right link still being pumped, oldest first. */
  final List<HeldQubit> pumpingLeft = new ArrayList<>(2);
  final List<HeldQubit> pumpingRight = new ArrayList<>(2);
  /** End node of a multi-hop route. */
  final ChainAssembler assembler;
  /** Shared memory: the request's priority (higher first under the priority policy). */
  final int priority;
  /** Shared memory: qubits the node gave the circuit (credits and stored), and still owed. */
  int granted;
  int askLeft;
  int askRight;
  /** Shared memory: the order of the circuit's current ask at this node. */
  long askSeq;

  Circuit(long id, int flow, Route route, int position, int leftSlots, int rightSlots,
      long cutoffNs, SwapSchedule schedule, int rounds, int priority) {
    this.id = id;
    this.flow = flow;
    this.route = route;
    this.position = position;
    this.leftSlots = leftSlots;
    this.rightSlots = rightSlots;
    this.cutoffNs = cutoffNs;
    this.schedule = schedule;
    this.rounds = rounds;
    this.priority = priority;
    boolean repeater = position > 0 && position < route.hops();
    this.leftNeed = repeater ? schedule.leftNeed(position, route.hops()) : -1;
    this.rightNeed = repeater ? schedule.rightNeed(position, route.hops()) : -1;
    this.waitingRepeater = repeater ? schedule.waitingRepeater(position, route.hops()) : -1;
    this.assembler = isEnd() && route.hops() > 1 ? new ChainAssembler(route) : null;
  }

  public long id() {
    return id;
  }

  public int flow() {
    return flow;
  }

  public Route route() {
    return route;
  }

  boolean isSource() {
    return position == 0;
  }

  boolean isDestination() {
    return position == route.hops();
  }

  boolean isEnd() {
    return isSource() || isDestination();
  }

  /** The link towards the source, or -1 at the source. */
  int leftLink() {
    return isSource() ? -1 : route.links()[position - 1];
  }

  /** The link towards the destination, or -1 at the destination. */
  int rightLink() {
    return isDestination() ? -1 : route.links()[position];
  }

  /** Qubits this node stores for the circuit now. */
  int stored() {
    return left.size() + right.size() + held.size() + pumpingLeft.size() + pumpingRight.size();
  }
}
