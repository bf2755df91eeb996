package io.qbone.node.hardware;

/**
 * Everything physical about one link: the fiber, the source, the heralding detectors, the optical
 * BSM, and the memories at its two ends (from the nodes' parameters). The same node can sit on
 * links of very different quality: link physics is always computed per link.
 */
public record LinkHardware(FiberParams fiber, PhotonSourceParams source, DetectorParams detector,
    BsmParams opticalBsm, MemoryParams memoryA, MemoryParams memoryB) {

  public LinkHardware {
    Check.present(fiber, "fiber");
    Check.present(source, "source");
    Check.present(detector, "detector");
    Check.present(opticalBsm, "bsm");
    Check.present(memoryA, "memory");
    Check.present(memoryB, "memory");
  }

  /**
   * Probability that a photon emitted at end A (or B) and sent to the midpoint station, {@code
   * lengthKm / 2} away, clicks a detector: emission x fiber transmissivity x detector efficiency.
   */
  public double photonEfficiency(MemoryParams end, double lengthKm) {
    return end.emissionEfficiency() * fiber.transmissivity(lengthKm / 2) * detector.efficiency();
  }

  /** Round trip to the midpoint and back: the herald arrives one full fiber delay after emission. */
  public long heraldDelayNs(double lengthKm) {
    return fiber.delayNs(lengthKm);
  }

  static void checkLength(double lengthKm) {
    Check.require(lengthKm > 0 && Double.isFinite(lengthKm), "length_km", "> 0 km", lengthKm);
  }

  /** Rounds a period to whole ns, at least 1 ns and at least the detector dead time. */
  long period(double ns) {
    return Math.max(1, Math.round(Math.max(ns, detector.deadTimeNs())));
  }
}
