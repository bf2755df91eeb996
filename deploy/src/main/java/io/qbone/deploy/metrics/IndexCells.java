package io.qbone.deploy.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Counters and gauges per index (node, link or flow) in one flat {@code long[]}, written by the
 * model threads and read by observers on other threads: the metrics poller that folds them into
 * Kamon ({@link CellFolder}) and the live dashboard.
 *
 * <p>Threads: each index has one writer at a time (the LP that owns the node, link or flow; an LP
 * may move to another dispatcher thread between windows, and the window barrier orders its
 * writes before the next window's). A writer reads its cell plainly and publishes the new value
 * with a release store, which on x86 is a plain store: no atomic instruction, no fence. A reader
 * loads with acquire, so it sees a whole value that some writer stored (never a torn or lost
 * one), and a later read sees the rest. Atomic adders would be correct too, but their locked
 * instructions cost the model threads several times as much per report (docs/performance.md).
 *
 * <p>Layout: an index's fields are contiguous and indices are at least 64 bytes apart beyond
 * them, so two indices written by different threads never share a cache line (as adjacent
 * counters in a dense array would, at every write).
 */
final class IndexCells {
  /** A gauge cell that has no value yet; a NaN that {@link Double#doubleToLongBits} never returns. */
  static final long UNSET = 0x7ff0_dead_0000_0001L;

  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
  /** Longs per cache line. */
  private static final int LINE = 8;

  private final int counters;
  private final int fields;
  private final int stride;
  private final long[] cells;

  /**
   * @param indices how many nodes, links or flows
   * @param counters fields {@code 0..counters-1}, which only grow (a long, or the bits of a
   *     double for {@link #addDouble})
   * @param gauges fields {@code counters..counters+gauges-1}, which hold the last value set
   */
  IndexCells(int indices, int counters, int gauges) {
    if (indices < 0 || counters < 0 || gauges < 0 || counters + gauges == 0) {
      throw new IllegalArgumentException("IndexCells needs indices >= 0 and at least one field,"
          + " asked for " + indices + " indices, " + counters + " counters and " + gauges
          + " gauges");
    }
    this.counters = counters;
    this.fields = counters + gauges;
    // The fields rounded up to whole lines, plus one line of padding.
    this.stride = ((fields + LINE - 1) / LINE + 1) * LINE;
    this.cells = new long[indices * stride];
    for (int i = 0; i < indices; i++) {
      Arrays.fill(cells, i * stride + counters, i * stride + fields, UNSET);
    }
  }

  int indices() {
    return cells.length / stride;
  }

  int counters() {
    return counters;
  }

  int fields() {
    return fields;
  }

  /** Writer: adds {@code n} to counter {@code field} of {@code index}. */
  void add(int index, int field, long n) {
    int at = index * stride + field;
    CELL.setRelease(cells, at, cells[at] + n);
  }

  /** Writer: adds {@code x} to counter {@code field} of {@code index}, which holds a double sum. */
  void addDouble(int index, int field, double x) {
    int at = index * stride + field;
    CELL.setRelease(cells, at, Double.doubleToRawLongBits(Double.longBitsToDouble(cells[at]) + x));
  }

  /** Writer: sets gauge {@code field} of {@code index}. */
  void set(int index, int field, double value) {
    CELL.setRelease(cells, index * stride + field, Double.doubleToLongBits(value));
  }

  /** Reader: counter {@code field} of {@code index}, or the bits of a gauge ({@link #UNSET}). */
  long get(int index, int field) {
    return (long) CELL.getAcquire(cells, index * stride + field);
  }

  /** Reader: a double sum kept with {@link #addDouble}. */
  double getDouble(int index, int field) {
    return Double.longBitsToDouble(get(index, field));
  }

  /** Reader: gauge {@code field} of {@code index}, or {@code orElse} while it was never set. */
  double gauge(int index, int field, double orElse) {
    long bits = get(index, field);
    return bits == UNSET ? orElse : Double.longBitsToDouble(bits);
  }
}
