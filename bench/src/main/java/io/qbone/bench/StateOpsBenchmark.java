package io.qbone.bench;

import io.qbone.node.physics.BellDiagonal;
import io.qbone.node.physics.Purification;
import io.qbone.node.physics.Swapping;
import io.qbone.node.physics.T1T2Memory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Cost of the Bell-diagonal hot path: one swap, one purification round, one memory decay, on
 * caller-owned arrays (no allocation), and the immutable wrapper for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StateOpsBenchmark {
  private final double[] a = new double[4];
  private final double[] b = new double[4];
  private final double[] out = new double[4];
  private T1T2Memory memory;
  private long storedNs;
  private BellDiagonal immutableA;
  private BellDiagonal immutableB;

  @Setup
  public void setup() {
    BellDiagonal.ofPauliWeights(0.93, 0.02, 0.04, 0.01).copyTo(a);
    BellDiagonal.ofPauliWeights(0.90, 0.03, 0.05, 0.02).copyTo(b);
    immutableA = BellDiagonal.of(a);
    immutableB = BellDiagonal.of(b);
    memory = new T1T2Memory(3600, 1.46);
    storedNs = 12_345_678;
  }

  @Benchmark
  public double swap() {
    Swapping.swap(a, b, 0, out);
    return out[0];
  }

  @Benchmark
  public double swapWithGateNoise() {
    Swapping.swap(a, b, 0.02, out);
    return out[0];
  }

  @Benchmark
  public double purifyDejmps() {
    return Purification.DEJMPS.apply(a, b, out);
  }

  @Benchmark
  public double purifyBbpssw() {
    return Purification.BBPSSW.apply(a, b, out);
  }

  /** Copies the input first so every call decays the same state (the copy is 4 stores). */
  @Benchmark
  public double decayT1T2() {
    System.arraycopy(a, 0, out, 0, 4);
    memory.decay(out, storedNs);
    return out[0];
  }

  @Benchmark
  public BellDiagonal swapImmutable() {
    return Swapping.swap(immutableA, immutableB, 0);
  }
}
