package io.qbone.node.hardware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Unphysical parameters are rejected, naming the scenario field (issue 3). */
class ValidationTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  private static void rejects(String field, Executable e) {
    ConfigException ex = assertThrows(ConfigException.class, e);
    assertEquals(field, ex.field());
    assertTrue(ex.getMessage().contains("'" + field + "'"), ex.getMessage());
  }

  @Test
  void negativeTimes() {
    rejects("t1_s", () -> new MemoryParams(0.5, -1, 1, 1, INF));
    rejects("t2_s", () -> new MemoryParams(0.5, 1, -1, 1, INF));
    rejects("t2_s", () -> new MemoryParams(0.5, 1, 3, 1, INF)); // T2 > 2 T1
    rejects("cutoff_s", () -> new MemoryParams(0.5, 1, 1, 1, -2));
    rejects("dead_time_ns", () -> new DetectorParams(0.9, 0, -5));
    rejects("rate_hz", () -> new PhotonSourceParams(-1, 0.1));
    rejects("length_km", () -> new DoubleClick(1).link(Platform.NV_CENTRE.preset().hardware(), -3));
  }

  @Test
  void efficienciesAboveOne() {
    rejects("detector_efficiency", () -> new DetectorParams(1.2, 0, 0));
    rejects("emission_efficiency", () -> new MemoryParams(1.5, 1, 1, 1, INF));
    rejects("emission_efficiency", () -> new MemoryParams(0, 1, 1, 1, INF));
  }

  @Test
  void probabilitiesOutsideUnitInterval() {
    rejects("dark_count_probability", () -> new DetectorParams(0.9, 1.5, 0));
    rejects("dark_count_probability", () -> new DetectorParams(0.9, -1e-6, 0));
    rejects("gate_depolarizing", () -> new BsmParams(BsmParams.Kind.DETERMINISTIC, -0.1));
    rejects("visibility", () -> new DoubleClick(2));
    rejects("visibility", () -> new SingleClick(0.1, -0.5));
    rejects("bright_state_population", () -> new SingleClick(1, 1));
    rejects("bright_state_population", () -> new SingleClick(0, 1));
    rejects("misalignment_error", () -> new FiberParams(0.2, 1.468, 0.7));
    rejects("mean_photon_number", () -> new PhotonSourceParams(1e6, -0.1));
  }

  @Test
  void otherRanges() {
    rejects("attenuation_db_per_km", () -> new FiberParams(-0.2, 1.468, 0));
    rejects("refractive_index", () -> new FiberParams(0.2, 0.9, 0));
    rejects("capacity", () -> new MemoryParams(0.5, 1, 1, 0, INF));
    rejects("fiber", () -> new LinkHardware(null, PhotonSourceParams.DEFAULT,
        DetectorParams.DEFAULT, BsmParams.LINEAR_OPTICS, MemoryParams.IDEAL, MemoryParams.IDEAL));
  }
}
