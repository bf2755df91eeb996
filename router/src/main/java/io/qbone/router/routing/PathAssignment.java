package io.qbone.router.routing;

/**
 * One path of a routing decision and how it is used.
 *
 * @param route the path, source first
 * @param pairs how many of the request's pairs this path delivers
 * @param purificationRounds entanglement-pumping rounds per link (0: none)
 * @param expectedFidelity the protocol's estimate of the delivered fidelity (NaN: not estimated)
 */
public record PathAssignment(Route route, int pairs, int purificationRounds,
    double expectedFidelity) {}
