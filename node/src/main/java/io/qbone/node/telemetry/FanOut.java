package io.qbone.node.telemetry;

/** Forwards every report to several sinks. */
final class FanOut implements Telemetry {
  private final Telemetry[] sinks;

  FanOut(Telemetry[] sinks) {
    this.sinks = sinks;
  }

  @Override
  public void pairDelivered(int flow, long atNs, double fidelity, long latencyNs) {
    for (Telemetry t : sinks) {
      t.pairDelivered(flow, atNs, fidelity, latencyNs);
    }
  }

  @Override
  public void linkPairGenerated(int link, long atNs, double fidelity) {
    for (Telemetry t : sinks) {
      t.linkPairGenerated(link, atNs, fidelity);
    }
  }

  @Override
  public void memoryOccupancy(int node, long atNs, int inUse, int capacity) {
    for (Telemetry t : sinks) {
      t.memoryOccupancy(node, atNs, inUse, capacity);
    }
  }

  @Override
  public void swap(int node, long atNs, boolean success) {
    for (Telemetry t : sinks) {
      t.swap(node, atNs, success);
    }
  }

  @Override
  public void purification(int node, long atNs, boolean success) {
    for (Telemetry t : sinks) {
      t.purification(node, atNs, success);
    }
  }

  @Override
  public void requestAdmitted(int node, long atNs) {
    for (Telemetry t : sinks) {
      t.requestAdmitted(node, atNs);
    }
  }

  @Override
  public void requestFinished(int node, long atNs, RequestResult result, String reason) {
    for (Telemetry t : sinks) {
      t.requestFinished(node, atNs, result, reason);
    }
  }

  @Override
  public void requestPairDelivered(int node, long atNs, double fidelity, long latencyNs) {
    for (Telemetry t : sinks) {
      t.requestPairDelivered(node, atNs, fidelity, latencyNs);
    }
  }

  @Override
  public void keyGenerated(int link, long atNs, long bits, double qber) {
    for (Telemetry t : sinks) {
      t.keyGenerated(link, atNs, bits, qber);
    }
  }

  @Override
  public void keyPoolLevel(int nodeA, int nodeB, long atNs, long bits) {
    for (Telemetry t : sinks) {
      t.keyPoolLevel(nodeA, nodeB, atNs, bits);
    }
  }

  @Override
  public void alarm(long atNs, String kind, String subject, String message) {
    for (Telemetry t : sinks) {
      t.alarm(atNs, kind, subject, message);
    }
  }
}
