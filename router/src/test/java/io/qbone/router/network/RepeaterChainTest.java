package io.qbone.router.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.engine.RunResult;
import io.qbone.node.physics.Fiber;
import io.qbone.protocol.v1.FlowReport;
import io.qbone.protocol.v1.LinkReport;
import io.qbone.protocol.v1.LpReport;
import org.junit.jupiter.api.Test;

class RepeaterChainTest {
  private static FlowReport flow(RunResult r) {
    return r.reports().get(0).getFlows(0);
  }

  /** Werner swap recursion F' = F1 F2 + (1 - F1)(1 - F2) / 3 (Dür et al., PRA 59, 169 (1999)). */
  private static double wernerChain(double f, int links) {
    double acc = f;
    for (int i = 1; i < links; i++) {
      acc = acc * f + (1 - acc) * (1 - f) / 3;
    }
    return acc;
  }

  @Test
  void closedFormRecursionValues() {
    // Values quoted in issue #2: 0.813333... and 0.81913 (to the 5 decimals given there).
    assertEquals(0.8133333333333334, wernerChain(0.9, 2), 1e-15);
    assertEquals(0.81913, wernerChain(0.95, 4), 5e-6);
    // The recursion multiplies Werner parameters w = (4F - 1) / 3: F_n = (1 + 3 w^n) / 4.
    double w = (4 * 0.95 - 1) / 3;
    assertEquals((1 + 3 * Math.pow(w, 4)) / 4, wernerChain(0.95, 4), 1e-15);
  }

  @Test
  void chainWithoutMemoryDecayDeliversTheWernerFidelityExactly() throws Exception {
    for (int links : new int[] {2, 4}) {
      double f = links == 2 ? 0.9 : 0.95;
      NetworkPlan plan = PlanRunner.chain(links, 10, f, 0.5, Double.POSITIVE_INFINITY);
      RunResult r = PlanRunner.run(plan, 0.05, 3, 1);
      FlowReport fr = flow(r);
      assertTrue(fr.getDelivered() > 20, "delivered " + fr.getDelivered());
      // Exact algebra, only floating-point rounding: 1e-12 (issue #2).
      assertEquals(wernerChain(f, links), fr.getFidelityMin(), 1e-12);
      assertEquals(wernerChain(f, links), fr.getFidelityMax(), 1e-12);
      assertEquals(0, r.causalityViolations());
      for (LpReport lp : r.reports()) {
        assertTrue(lp.getMemoryPeakInUse() <= lp.getMemoryCapacity(), lp.toString());
      }
    }
  }

  @Test
  void memoryDecayLowersFidelityBelowTheNoDecayValue() throws Exception {
    NetworkPlan plan = PlanRunner.chain(4, 10, 0.95, 0.5, 1e-3);
    FlowReport fr = flow(PlanRunner.run(plan, 0.05, 3, 1));
    assertTrue(fr.getDelivered() > 20);
    assertTrue(fr.getFidelityMax() < wernerChain(0.95, 4), "max " + fr.getFidelityMax());
    assertTrue(fr.getFidelityMin() > 0.25);
  }

  @Test
  void singleLinkRateMatchesPOverTauAndHeraldArrivesAfterOneFiberDelay() throws Exception {
    double km = 50;
    NetworkPlan plan = PlanRunner.chain(1, km, 0.95, 0.5, Double.POSITIVE_INFINITY);
    double durationS = 2.0;
    RunResult r = PlanRunner.run(plan, durationS, 11, 1);
    long delay = Math.round(km * 1000 * 1.468 / Fiber.SPEED_OF_LIGHT_M_PER_S * 1e9);
    FlowReport fr = flow(r);
    // Every pair is delivered when its herald arrives: exactly one fiber delay after emission.
    assertEquals(delay, fr.getLatencyP50Ns());
    assertEquals(delay, fr.getLatencyP99Ns());
    // Attempts run back to back once the far end granted its qubits (request there and back).
    double p = 0.5 * Math.pow(10, -0.2 * km / 10);
    double attemptSlots = (durationS * 1e9 - 2 * delay) / delay;
    double expected = p * attemptSlots;
    double sigma = Math.sqrt(attemptSlots * p * (1 - p));
    LinkReport link = r.reports().get(0).getLinks(0);
    // Binomial count of successes over the attempt slots: within 3 sigma.
    assertEquals(expected, link.getGenerated(), 3 * sigma);
    assertTrue(Math.abs(fr.getDelivered() - link.getGenerated()) <= 2);
  }
}
