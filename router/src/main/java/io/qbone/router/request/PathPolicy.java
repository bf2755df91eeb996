package io.qbone.router.request;

/**
 * How every reserved path of a run is served.
 *
 * @param schedule when repeaters swap
 * @param cutoffNs longest a repeater keeps a link pair waiting for its swap; 0: no cutoff
 * @param discardBelowMinimum discard end-to-end pairs below the request's minimum fidelity
 */
public record PathPolicy(SwapSchedule schedule, long cutoffNs, boolean discardBelowMinimum) {}
