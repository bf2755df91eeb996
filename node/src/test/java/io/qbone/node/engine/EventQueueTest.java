package io.qbone.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The event queue hands out entries in the engine's total order (time, origin, sequence) under
 * any interleaving of adds and polls: checked against a sorted set of the same entries.
 */
class EventQueueTest {
  private record Entry(long time, int origin, long seq) {}

  private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::time)
      .thenComparingInt(Entry::origin).thenComparingLong(Entry::seq);

  @Test
  void pollsInTimeOriginSequenceOrderUnderRandomInterleavings() {
    for (long seed = 1; seed <= 20; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      EventQueue queue = new EventQueue();
      TreeSet<Entry> reference = new TreeSet<>(ORDER);
      long seq = 0;
      // Few distinct times and origins, so ties on time and on (time, origin) are common.
      for (int step = 0; step < 20_000; step++) {
        if (random.nextInt(5) < 3 || reference.isEmpty()) {
          Entry e = new Entry(random.nextInt(50), random.nextInt(4), seq++);
          queue.add(e.time(), e.origin(), e.seq(), e);
          reference.add(e);
        } else {
          Entry expected = reference.pollFirst();
          assertEquals(expected.time(), queue.peekTime());
          assertEquals(expected, queue.poll(), "seed " + seed + " step " + step);
        }
        assertEquals(reference.size(), queue.size());
      }
      while (!reference.isEmpty()) {
        assertEquals(reference.pollFirst(), queue.poll());
      }
      assertTrue(queue.isEmpty());
    }
  }
}
