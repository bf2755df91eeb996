package io.qbone.router.request;

import io.qbone.router.routing.PathRequest;
import io.qbone.router.routing.Route;

/** A request at its source: its parts (one per path) and how far each has come. */
final class ActiveRequest {
  enum State { RESERVING, RUNNING, DONE }

  /** One path of the request. */
  static final class Part {
    final int index;
    final int pairs;
    Route route;
    int rounds;
    int attempt;
    /** The circuit the current attempt runs as once reserved. */
    long circuit;
    int reroutes;
    State state = State.RESERVING;
    int delivered;
    boolean granted;
    String failure;

    Part(int index, int pairs, Route route, int rounds) {
      this.index = index;
      this.pairs = pairs;
      this.route = route;
      this.rounds = rounds;
    }

    ReservationKey key(long request) {
      return new ReservationKey(request, index, attempt);
    }
  }

  final PathRequest request;
  final long arrivalNs;
  Part[] parts = new Part[0];
  boolean finished;
  boolean accepted;

  /** Orders its circuits for shared memory under the priority policy. */
  final int priority;

  ActiveRequest(PathRequest request, long arrivalNs, int priority) {
    this.request = request;
    this.arrivalNs = arrivalNs;
    this.priority = priority;
  }

  int delivered() {
    int d = 0;
    for (Part p : parts) {
      d += p.delivered;
    }
    return d;
  }

  boolean allGranted() {
    for (Part p : parts) {
      if (!p.granted) {
        return false;
      }
    }
    return true;
  }

  boolean allDone() {
    for (Part p : parts) {
      if (p.state != State.DONE) {
        return false;
      }
    }
    return true;
  }
}
