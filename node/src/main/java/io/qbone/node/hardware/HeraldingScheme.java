package io.qbone.node.hardware;

/**
 * How a link heralds entanglement. The engine picks one per link from the scenario and calls
 * {@link #link} once: {@code scheme.link(hardware, lengthKm)} gives (p, period, fresh state).
 */
public sealed interface HeraldingScheme permits SingleClick, DoubleClick, SourceInTheMiddle {
  /** The link's per-attempt physics for a fiber of {@code lengthKm} with the station halfway. */
  LinkPhysics link(LinkHardware hardware, double lengthKm);
}
