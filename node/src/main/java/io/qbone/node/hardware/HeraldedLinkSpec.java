package io.qbone.node.hardware;

/**
 * The per-link half of {@link LinkHardware}: everything a scenario says about one heralded link.
 * The memories at its two ends come from the nodes, so the link's physics is computed only once
 * both ends are known ({@link #physics}).
 *
 * @param scheme how the link heralds
 * @param fiber the fiber
 * @param source emission cycle (emitter schemes) or SPDC pump (source in the middle)
 * @param detector the heralding detectors
 * @param opticalBsm the heralding station's Bell-state measurement
 */
public record HeraldedLinkSpec(HeraldingScheme scheme, FiberParams fiber,
    PhotonSourceParams source, DetectorParams detector, BsmParams opticalBsm) {

  public HeraldedLinkSpec {
    Check.present(scheme, "scheme");
    Check.present(fiber, "fiber");
    Check.present(source, "source");
    Check.present(detector, "detector");
    Check.present(opticalBsm, "optical_bsm");
  }

  /** This link's (p, attempt period, fresh state) between memories {@code a} and {@code b}. */
  public LinkPhysics physics(MemoryParams a, MemoryParams b, double lengthKm) {
    return scheme.link(new LinkHardware(fiber, source, detector, opticalBsm, a, b), lengthKm);
  }
}
