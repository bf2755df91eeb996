package io.qbone.qkd.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BinaryEntropyTest {
  @Test
  void knownValues() {
    // Exact by definition: h(0) = h(1) = 0 (limit), h(1/2) = 1 bit, h(1/4) = 2 - (3/4) log2 3.
    assertEquals(0.0, BinaryEntropy.h(0), 0.0);
    assertEquals(0.0, BinaryEntropy.h(1), 0.0);
    assertEquals(1.0, BinaryEntropy.h(0.5), 1e-15);
    assertEquals(2 - 0.75 * Math.log(3) / Math.log(2), BinaryEntropy.h(0.25), 1e-15);
    // Shor-Preskill threshold: h(0.110028) = 1/2 to 6 digits (Shor and Preskill, PRL 85, 441).
    assertEquals(0.5, BinaryEntropy.h(0.110028), 1e-6);
  }

  @Test
  void symmetricAboutOneHalf() {
    for (double x = 0; x <= 1; x += 0.01) {
      // h(x) = h(1 - x) exactly in real arithmetic; 1e-14 allows the rounding of 1 - x.
      assertEquals(BinaryEntropy.h(x), BinaryEntropy.h(1 - x), 1e-14);
    }
  }

  @Test
  void rejectsNonProbabilities() {
    assertThrows(IllegalArgumentException.class, () -> BinaryEntropy.h(-1e-12));
    assertThrows(IllegalArgumentException.class, () -> BinaryEntropy.h(1.0000001));
    assertThrows(IllegalArgumentException.class, () -> BinaryEntropy.h(Double.NaN));
  }
}
