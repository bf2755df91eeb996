package io.qbone.deploy.metrics;

import java.util.Arrays;

/**
 * The metrics poller's view of {@link IndexCells}: per index and field the value it folded into
 * Kamon last, so each poll takes only what changed. Counters only grow, so the poller folds the
 * difference; gauges are folded when their value differs. Poller only: the model threads never
 * touch this array, and one thread folds at a time.
 */
final class CellFolder {
  private final IndexCells cells;
  private final int fields;
  private final long[] folded;

  CellFolder(IndexCells cells) {
    this.cells = cells;
    this.fields = cells.fields();
    this.folded = new long[cells.indices() * fields];
    for (int i = 0; i < cells.indices(); i++) {
      Arrays.fill(folded, i * fields + cells.counters(), (i + 1) * fields, IndexCells.UNSET);
    }
  }

  /** What counter {@code field} of {@code index} grew by since the last call. */
  long drain(int index, int field) {
    long now = cells.get(index, field);
    int mine = index * fields + field;
    long delta = now - folded[mine];
    folded[mine] = now;
    return delta;
  }

  /**
   * The bits of gauge {@code field} of {@code index} if it changed since the last call,
   * otherwise {@link IndexCells#UNSET}.
   */
  long changed(int index, int field) {
    if (field < cells.counters()) {
      throw new IllegalArgumentException("field " + field + " is a counter, not a gauge");
    }
    long now = cells.get(index, field);
    int mine = index * fields + field;
    if (now == folded[mine]) {
      return IndexCells.UNSET;
    }
    folded[mine] = now;
    return now;
  }
}
