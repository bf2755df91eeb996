package io.qbone.node.physics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The array path allocates nothing (issue 3: "state operations stay allocation-free on the hot
 * path"). Counts bytes, not time: HotSpot's per-thread allocation counter over 100k calls of each
 * operation. The bound (4 KiB) only absorbs the counter's own bookkeeping; one allocation per call
 * would be >= 1.6 MB.
 */
class AllocationFreeTest {
  @Test
  void hotPathDoesNotAllocate() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    double[] a = {0.93, 0.02, 0.04, 0.01};
    double[] b = {0.90, 0.03, 0.05, 0.02};
    double[] out = new double[4];
    T1T2Memory mem = new T1T2Memory(3600, 1.46);
    double sink = 0;
    sink += run(a, b, out, mem); // load classes before counting
    long before = mx.getThreadAllocatedBytes(tid);
    sink += run(a, b, out, mem);
    long allocated = mx.getThreadAllocatedBytes(tid) - before;
    assertTrue(allocated < 4096, "allocated " + allocated + " bytes (sink " + sink + ")");
  }

  private static double run(double[] a, double[] b, double[] out, T1T2Memory mem) {
    double s = 0;
    for (int i = 0; i < 100_000; i++) {
      Swapping.swap(a, b, 0.01, out);
      s += out[0];
      s += Purification.DEJMPS.apply(a, b, out);
      s += Purification.BBPSSW.apply(a, b, out);
      mem.decay(out, 1_000_000);
      PauliWeights.pauliChannel(out, 0.01, 0.02, 0.03);
      PauliWeights.depolarize(out, 0.01);
      s += out[0];
    }
    return s;
  }
}
