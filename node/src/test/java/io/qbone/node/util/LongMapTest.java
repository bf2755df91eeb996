package io.qbone.node.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongMapTest {
  @Test
  void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
    LongMap<Long> mine = new LongMap<>();
    Map<Long, Long> reference = new HashMap<>();
    SplittableRandom r = new SplittableRandom(5);
    for (int step = 0; step < 200_000; step++) {
      // Pair-id shaped keys: (link << 32 | seq) over few links and sequences, many collisions.
      long key = (long) r.nextInt(8) << 32 | r.nextInt(512);
      if (r.nextInt(3) == 0) {
        assertEquals(reference.remove(key), mine.remove(key));
      } else {
        long v = r.nextLong(1, Long.MAX_VALUE);
        reference.put(key, v);
        mine.put(key, v);
      }
      assertEquals(reference.size(), mine.size());
    }
    for (long link = 0; link < 8; link++) {
      for (long seq = 0; seq < 512; seq++) {
        long key = link << 32 | seq;
        assertEquals(reference.get(key), mine.get(key));
      }
    }
    assertNull(mine.get(12345L << 40));
  }
}
