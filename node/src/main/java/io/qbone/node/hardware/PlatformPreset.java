package io.qbone.node.hardware;

/**
 * A named set of parameters for one hardware platform, with where each number comes from.
 *
 * @param name platform name as scenarios spell it
 * @param scheme heralding scheme of its links
 * @param fiber fiber at the platform's wavelength
 * @param source emission cycle or pump
 * @param detector heralding detectors
 * @param opticalBsm the heralding station's BSM
 * @param memory memory of every node
 * @param nodeBsm the swap BSM inside a node
 * @param sources citation for every number, and how sure we are of it
 */
public record PlatformPreset(String name, HeraldingScheme scheme, FiberParams fiber,
    PhotonSourceParams source, DetectorParams detector, BsmParams opticalBsm, MemoryParams memory,
    BsmParams nodeBsm, String sources) {

  /** Hardware of a link between two nodes of this platform. */
  public LinkHardware hardware() {
    return new LinkHardware(fiber, source, detector, opticalBsm, memory, memory);
  }

  /** Shortcut: this platform's link physics over {@code lengthKm}. */
  public LinkPhysics link(double lengthKm) {
    return scheme.link(hardware(), lengthKm);
  }
}
