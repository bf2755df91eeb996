package io.qbone.qkd.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.ConfigException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DecoyBb84ParamsTest {
  private static void rejects(String field, Supplier<DecoyBb84Params> build) {
    ConfigException e = assertThrows(ConfigException.class, build::get);
    assertEquals(field, e.field());
    assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
  }

  @Test
  void rejectsEachUnphysicalFieldByName() {
    rejects("mu", () -> new DecoyBb84Params(0, 0.1, 1e-6, 0.1, 0.01, 1.1, 0.2, 10, 0.5));
    rejects("mu", () -> new DecoyBb84Params(Double.NaN, 0.1, 1e-6, 0.1, 0.01, 1.1, 0.2, 10, 0.5));
    rejects("nu", () -> new DecoyBb84Params(0.5, 0.5, 1e-6, 0.1, 0.01, 1.1, 0.2, 10, 0.5));
    rejects("nu", () -> new DecoyBb84Params(0.5, 0, 1e-6, 0.1, 0.01, 1.1, 0.2, 10, 0.5));
    rejects("dark_count_probability",
        () -> new DecoyBb84Params(0.5, 0.1, -1e-6, 0.1, 0.01, 1.1, 0.2, 10, 0.5));
    rejects("dark_count_probability",
        () -> new DecoyBb84Params(0.5, 0.1, 1, 0.1, 0.01, 1.1, 0.2, 10, 0.5));
    rejects("detector_efficiency",
        () -> new DecoyBb84Params(0.5, 0.1, 1e-6, 0, 0.01, 1.1, 0.2, 10, 0.5));
    rejects("detector_efficiency",
        () -> new DecoyBb84Params(0.5, 0.1, 1e-6, 1.2, 0.01, 1.1, 0.2, 10, 0.5));
    rejects("misalignment",
        () -> new DecoyBb84Params(0.5, 0.1, 1e-6, 0.1, 0.6, 1.1, 0.2, 10, 0.5));
    rejects("error_correction_efficiency",
        () -> new DecoyBb84Params(0.5, 0.1, 1e-6, 0.1, 0.01, 0.9, 0.2, 10, 0.5));
    rejects("loss_db_per_km",
        () -> new DecoyBb84Params(0.5, 0.1, 1e-6, 0.1, 0.01, 1.1, -0.2, 10, 0.5));
    rejects("length_km",
        () -> new DecoyBb84Params(0.5, 0.1, 1e-6, 0.1, 0.01, 1.1, 0.2, -1, 0.5));
    rejects("length_km", () -> new DecoyBb84Params(0.5, 0.1, 1e-6, 0.1, 0.01, 1.1, 0.2,
        Double.POSITIVE_INFINITY, 0.5));
    rejects("sifting", () -> new DecoyBb84Params(0.5, 0.1, 1e-6, 0.1, 0.01, 1.1, 0.2, 10, 0));
    rejects("sifting", () -> new DecoyBb84Params(0.5, 0.1, 1e-6, 0.1, 0.01, 1.1, 0.2, 10, 1.5));
  }

  @Test
  void transmittanceFollowsDecibelLoss() {
    // 0.2 dB/km over 50 km = 10 dB = a factor 10 exactly (definition of the decibel).
    DecoyBb84Params p = new DecoyBb84Params(0.5, 0.1, 1e-6, 0.1, 0.01, 1.1, 0.2, 50, 0.5);
    assertEquals(0.1, p.channelTransmittance(), 1e-15);
    assertEquals(0.01, p.totalTransmittance(), 1e-16);
  }
}
