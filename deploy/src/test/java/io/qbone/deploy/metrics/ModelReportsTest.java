package io.qbone.deploy.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.telemetry.RequestResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The model's reports as the dashboard and the API read them: what the model reports is what the
 * readers see, under concurrency too. The metrics fold of the same store: KamonTelemetryFoldTest.
 */
class ModelReportsTest {
  @Test
  void readersSeeWhatWasReported() {
    ModelReports s = new ModelReports(3, 2, 2, true, false);
    assertEquals(0, s.memoryInUse(1), "a node never reported has no qubits in use");

    s.linkPairGenerated(1, 10, 0.9);
    s.linkPairGenerated(1, 20, 0.8);
    s.keyGenerated(0, 30, 1_000, 0.02);
    s.memoryOccupancy(1, 40, 3, 8);
    s.memoryOccupancy(1, 50, 2, 8);
    s.swap(2, 60, true);
    s.swap(2, 70, false);
    s.pairDelivered(1, 80, 0.955, 2_000_000);
    s.pairDelivered(1, 90, 1.0, 3_000_000);
    s.pairDelivered(1, 95, 0.0049, 1_000_000);
    s.requestAdmitted(2, 100);
    s.requestFinished(2, 110, RequestResult.COMPLETED, "");
    s.requestFinished(2, 120, RequestResult.REJECTED_MEMORY, "memory: node r has 2 qubits");
    s.requestFinished(0, 130, RequestResult.FAILED, "deadline");
    s.requestPairDelivered(2, 140, 0.9, 4_000_000);
    s.requestPairDelivered(2, 150, 0.8, 2_000_000);

    assertEquals(0, s.linkPairs(0));
    assertEquals(2, s.linkPairs(1));
    assertEquals(1.7, s.linkFidelitySum(1), 1e-12);
    assertEquals(1_000, s.linkKeyBits(0));
    assertEquals(2, s.memoryInUse(1), "the last occupancy reported");
    assertEquals(2, s.swaps(2));
    assertEquals(3, s.flowPairs(1));
    assertEquals(0, s.flowPairs(0));
    assertEquals(1.9599, s.flowFidelitySum(1), 1e-12);
    assertEquals(6_000_000, s.flowLatencySumNs(1), 1e-6);
    long[] expected = new long[ModelReports.FIDELITY_BINS];
    expected[95] = 1; // 0.955 is in [0.95, 0.96)
    expected[99] = 1; // 1.0 is in the last bin
    expected[0] = 1;
    assertArrayEquals(expected, s.flowHistogram(1));
    assertArrayEquals(new long[ModelReports.FIDELITY_BINS], s.flowHistogram(0),
        "a neighbouring flow's bins are its own");
    assertTrue(s.hasRequests());
    assertEquals(1, s.requestsAdmitted(2));
    assertEquals(0, s.requestsAdmitted(0));
    assertEquals(1, s.requests(2, RequestResult.COMPLETED));
    assertEquals(1, s.requests(2, RequestResult.REJECTED_MEMORY));
    assertEquals(0, s.requests(2, RequestResult.FAILED));
    assertEquals(1, s.requests(0, RequestResult.FAILED));
    assertEquals(2, s.requestPairs(2));
    assertEquals(1.7, s.requestFidelitySum(2), 1e-12);
    assertEquals(6_000_000, s.requestLatencySumNs(2), 1e-6);
    assertEquals(0, s.requestPairs(0));
    assertEquals(3, s.flowPairs(1), "request pairs are not a flow's");
  }

  @Test
  void aRunWithoutTrafficCountsNoRequests() {
    ModelReports s = new ModelReports(2, 1, 1, false, true);
    assertFalse(s.hasRequests());
    assertEquals(0, s.requestPairs(1));
    assertEquals(0, s.requests(1, RequestResult.COMPLETED));
  }

  @Test
  void keepsTheLatestAlarms() {
    ModelReports s = new ModelReports(1, 1, 1, false, false);
    for (int i = 1; i <= ModelReports.MAX_ALARMS + 5; i++) {
      s.alarm(i, "link-cut", "a~b", "cut " + i);
    }
    List<ModelReports.Alarm> alarms = s.alarms();
    assertEquals(ModelReports.MAX_ALARMS, alarms.size());
    assertEquals(6, alarms.get(0).id(), "the five oldest were dropped");
    assertEquals(ModelReports.MAX_ALARMS + 5, alarms.get(alarms.size() - 1).id());
  }

  /**
   * Two model threads, each owning half of the links, flows and nodes (the Telemetry contract),
   * write while a reader polls: the reader never sees a count go down or a sum that no prefix of
   * the reports gives, and at the end every report is counted.
   */
  @Test
  void concurrentOwnersLoseNothingAndReadersSeeWholeValues() throws Exception {
    int indices = 64;
    int reportsPerIndex = 20_000;
    ModelReports s = new ModelReports(indices, indices, indices, true, true);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<String> readerSaw = new AtomicReference<>();
    List<Thread> writers = new ArrayList<>();
    for (int owner = 0; owner < 2; owner++) {
      int first = owner;
      writers.add(new Thread(() -> {
        await(start);
        for (int r = 0; r < reportsPerIndex; r++) {
          for (int i = first; i < indices; i += 2) {
            s.linkPairGenerated(i, r, 0.5);
            s.pairDelivered(i, r, 0.25, 4);
            s.memoryOccupancy(i, r, r % 7, 8);
            s.requestPairDelivered(i, r, 0.75, 2);
            s.requestFinished(i, r, RequestResult.COMPLETED, "");
          }
        }
      }));
    }
    Thread reader = new Thread(() -> {
      await(start);
      long[] last = new long[indices];
      while (writing.get()) {
        for (int i = 0; i < indices; i++) {
          long pairs = s.linkPairs(i);
          double sum = s.linkFidelitySum(i);
          int inUse = s.memoryInUse(i);
          double requestSum = s.requestFidelitySum(i);
          // Each report adds exactly 0.5 (0.75), so every whole value is a multiple of it.
          if (pairs < last[i] || sum * 2 != Math.rint(sum * 2) || inUse < 0 || inUse > 6
              || requestSum / 0.75 != Math.rint(requestSum / 0.75)) {
            readerSaw.compareAndSet(null, "index " + i + ": pairs " + pairs + " after "
                + last[i] + ", fidelity sum " + sum + ", in use " + inUse
                + ", request fidelity sum " + requestSum);
          }
          last[i] = pairs;
        }
      }
    });
    writers.forEach(Thread::start);
    reader.start();
    start.countDown();
    for (Thread w : writers) {
      w.join();
    }
    writing.set(false);
    reader.join();

    assertEquals(null, readerSaw.get());
    for (int i = 0; i < indices; i++) {
      assertEquals(reportsPerIndex, s.linkPairs(i), "link " + i);
      assertEquals(reportsPerIndex * 0.5, s.linkFidelitySum(i), 0.0, "link " + i);
      assertEquals(reportsPerIndex, s.flowPairs(i), "flow " + i);
      assertEquals(reportsPerIndex, s.flowHistogram(i)[25], "flow " + i + ", bin of 0.25");
      assertEquals(reportsPerIndex * 4.0, s.flowLatencySumNs(i), 0.0, "flow " + i);
      assertEquals((reportsPerIndex - 1) % 7, s.memoryInUse(i), "node " + i);
      assertEquals(reportsPerIndex, s.requestPairs(i), "requests of node " + i);
      assertEquals(reportsPerIndex * 0.75, s.requestFidelitySum(i), 0.0, "node " + i);
      assertEquals(reportsPerIndex, s.requests(i, RequestResult.COMPLETED), "node " + i);
    }
    assertTrue(s.alarms().isEmpty());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
