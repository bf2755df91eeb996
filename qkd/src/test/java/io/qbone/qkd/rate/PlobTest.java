package io.qbone.qkd.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qbone.node.network.ConfigException;
import org.junit.jupiter.api.Test;

class PlobTest {
  @Test
  void closedForm() {
    // -log2(1 - eta), Pirandola et al., Nat. Commun. 8, 15043 (2017), Eq. (1); exact values.
    assertEquals(0.0, Plob.bitsPerUse(0), 0.0);
    assertEquals(1.0, Plob.bitsPerUse(0.5), 1e-15);
    assertEquals(2.0, Plob.bitsPerUse(0.75), 1e-15);
    assertEquals(Double.POSITIVE_INFINITY, Plob.bitsPerUse(1), 0.0);
    // High loss: ~ eta / ln 2 = 1.44 eta (same paper); 1e-9 relative is the next series term.
    double eta = 1e-9;
    assertEquals(eta / Math.log(2), Plob.bitsPerUse(eta), 1e-9 * eta);
  }

  @Test
  void rejectsTransmissivityOutsideUnitInterval() {
    ConfigException e = assertThrows(ConfigException.class, () -> Plob.bitsPerUse(1.5));
    assertEquals("transmissivity", e.field());
    assertThrows(ConfigException.class, () -> Plob.bitsPerUse(-0.1));
  }
}
