package io.qbone.router.routing;

/**
 * What a routing protocol is asked: end-to-end pairs between two nodes.
 *
 * @param id request id, unique in the run
 * @param source node index of the requesting end
 * @param destination node index of the other end
 * @param pairs number of end-to-end pairs wanted
 * @param minFidelity the least acceptable fidelity of a delivered pair (0: any)
 * @param deadlineNs absolute virtual time by which all pairs must be delivered
 */
public record PathRequest(long id, int source, int destination, int pairs, double minFidelity,
    long deadlineNs) {
  public PathRequest {
    if (source == destination) {
      throw new IllegalArgumentException("source and destination must differ, both " + source);
    }
    if (pairs < 1) {
      throw new IllegalArgumentException("pairs must be >= 1, got " + pairs);
    }
    if (!(minFidelity >= 0 && minFidelity <= 1)) {
      throw new IllegalArgumentException("minFidelity must be in [0, 1], got " + minFidelity);
    }
  }
}
