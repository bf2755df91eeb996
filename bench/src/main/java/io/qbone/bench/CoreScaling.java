package io.qbone.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Does the machine itself scale from one to two threads? Runs the same amount of work per thread
 * on 1 and 2 threads, for pure arithmetic and for a random pointer chase through 64 MB (memory
 * latency bound), and prints the speed-up. Used to tell hardware limits from engine limits when
 * reading the engine's thread scaling (docs/performance.md).
 *
 * <p>Run: {@code java -cp bench/target/classes io.qbone.bench.CoreScaling}
 */
public final class CoreScaling {
  private CoreScaling() {}

  public static void main(String[] args) throws Exception {
    long aluSteps = 400_000_000L;
    long chaseSteps = 20_000_000L;
    int[][] rings = {ring(16 << 20, 1), ring(16 << 20, 2)};
    for (int rep = 0; rep < 2; rep++) {
      double a1 = seconds(1, i -> arithmetic(aluSteps));
      double a2 = seconds(2, i -> arithmetic(aluSteps));
      System.out.printf("arithmetic:    speed-up %.2f (1 thread %.2f s, 2 threads %.2f s, same work each)%n",
          2 * a1 / a2, a1, a2);
      double m1 = seconds(1, i -> chase(rings[i], chaseSteps));
      double m2 = seconds(2, i -> chase(rings[i], chaseSteps));
      System.out.printf("pointer chase: speed-up %.2f (1 thread %.2f s, 2 threads %.2f s, same work each)%n",
          2 * m1 / m2, m1, m2);
    }
  }

  /** A work item for thread {@code i}. */
  private interface Job {
    long run(int i);
  }

  private static double seconds(int threads, Job job) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<Long>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int id = i;
        Callable<Long> c = () -> job.run(id);
        done.add(pool.submit(c));
      }
      long sink = 0;
      for (Future<Long> f : done) {
        sink += f.get();
      }
      double s = (System.nanoTime() - start) / 1e9;
      if (sink == 42) {
        System.out.print(""); // keeps the results alive
      }
      return s;
    } finally {
      pool.shutdown();
    }
  }

  private static long arithmetic(long steps) {
    long x = 1;
    for (long i = 0; i < steps; i++) {
      x = x * 6364136223846793005L + 1442695040888963407L;
      x ^= x >>> 29;
    }
    return x;
  }

  /** A single random cycle through {@code size} slots: every step is a cache miss. */
  private static int[] ring(int size, long seed) {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = size - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] next = new int[size];
    for (int i = 0; i < size; i++) {
      next[order[i]] = order[(i + 1) % size];
    }
    return next;
  }

  private static long chase(int[] next, long steps) {
    int p = 0;
    for (long i = 0; i < steps; i++) {
      p = next[p];
    }
    return p;
  }
}
