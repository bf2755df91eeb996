package io.qbone.deploy.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Counters and gauges per index (node, link or flow) in one flat {@code long[]}, written by the
 * model threads and read once a second by the metrics poller, which folds what changed into
 * Kamon.
 *
 * <p>Threads: each index has one writer at a time (the LP that owns the node, link or flow; an LP
 * may move to another dispatcher thread between windows, and the window barrier orders its
 * writes before the next window's). A writer reads its cell plainly and publishes the new value
 * with a release store; the poller reads with an acquire load, so it sees a whole value that some
 * writer stored (never a torn or lost one), and a later poll sees the rest. Counters only grow,
 * so the poller folds the difference to what it folded last. The poller's bookkeeping lives in a
 * separate array that writers never touch.
 *
 * <p>Layout: an index's fields sit in one 64-byte block and blocks are 128 bytes apart, so two
 * indices written by different threads never share a cache line (as adjacent counters in a dense
 * array would, at every write).
 */
final class IndexCells {
  /** A gauge cell that has no value yet; a NaN that {@link Double#doubleToLongBits} never returns. */
  static final long UNSET = 0x7ff0_dead_0000_0001L;

  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int MAX_FIELDS = 8;
  private static final int STRIDE = 2 * MAX_FIELDS;

  private final int counters;
  private final int fields;
  private final long[] cells;
  /** Poller only: per index and field the value folded last. */
  private final long[] folded;

  /**
   * @param indices how many nodes, links or flows
   * @param counters fields {@code 0..counters-1}, which only grow
   * @param gauges fields {@code counters..counters+gauges-1}, which hold the last value set
   */
  IndexCells(int indices, int counters, int gauges) {
    if (counters < 0 || gauges < 0 || counters + gauges > MAX_FIELDS) {
      throw new IllegalArgumentException("IndexCells holds 0.." + MAX_FIELDS
          + " fields per index, asked for " + counters + " counters and " + gauges + " gauges");
    }
    this.counters = counters;
    this.fields = counters + gauges;
    this.cells = new long[indices * STRIDE];
    this.folded = new long[indices * fields];
    for (int i = 0; i < indices; i++) {
      Arrays.fill(cells, i * STRIDE + counters, i * STRIDE + fields, UNSET);
      Arrays.fill(folded, i * fields + counters, (i + 1) * fields, UNSET);
    }
  }

  /** Writer: adds {@code n} to counter {@code field} of {@code index}. */
  void add(int index, int field, long n) {
    int at = index * STRIDE + field;
    CELL.setRelease(cells, at, cells[at] + n);
  }

  /** Writer: sets gauge {@code field} of {@code index}. */
  void set(int index, int field, double value) {
    CELL.setRelease(cells, index * STRIDE + field, Double.doubleToLongBits(value));
  }

  /** Poller: what counter {@code field} of {@code index} grew by since the last call. */
  long drain(int index, int field) {
    long now = (long) CELL.getAcquire(cells, index * STRIDE + field);
    int mine = index * fields + field;
    long delta = now - folded[mine];
    folded[mine] = now;
    return delta;
  }

  /**
   * Poller: the bits of gauge {@code field} of {@code index} if it changed since the last call,
   * otherwise {@link #UNSET}.
   */
  long changed(int index, int field) {
    if (field < counters) {
      throw new IllegalArgumentException("field " + field + " is a counter, not a gauge");
    }
    long now = (long) CELL.getAcquire(cells, index * STRIDE + field);
    int mine = index * fields + field;
    if (now == folded[mine]) {
      return UNSET;
    }
    folded[mine] = now;
    return now;
  }
}
