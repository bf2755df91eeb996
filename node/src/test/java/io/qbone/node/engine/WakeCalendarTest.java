package io.qbone.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The wake-up calendar against a plain list of entries, driven as the engine drives it. */
class WakeCalendarTest {
  private static final long LOOKAHEAD = 1_000;

  private record Entry(long time, int lp) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void takesExactlyTheEntriesBeforeEachWindowEnd(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    WakeCalendar calendar = new WakeCalendar(LOOKAHEAD);
    List<Entry> reference = new ArrayList<>();
    long windowEnd = 0;
    for (int window = 0; window < 2_000; window++) {
      // Wake-ups as a window's runners push them: at least one lookahead on, mostly close, some
      // far beyond the ring (timers), some at the same time as others.
      int pushes = random.nextInt(30);
      for (int i = 0; i < pushes; i++) {
        long ahead = switch (random.nextInt(10)) {
          case 0 -> random.nextLong(WakeCalendar.RING * LOOKAHEAD * 3);
          case 1 -> 0;
          default -> random.nextLong(5 * LOOKAHEAD);
        };
        Entry e = new Entry(windowEnd + ahead, random.nextInt(500));
        calendar.push(e.time(), e.lp());
        reference.add(e);
      }
      if (reference.isEmpty()) {
        assertEquals(-1, calendar.minTime(), "nothing pending");
        continue;
      }
      long min = reference.stream().mapToLong(Entry::time).min().orElseThrow();
      assertEquals(min, calendar.minTime(), "earliest wake-up before window " + window);
      // The next window starts at the earliest wake-up (skipping empty time) and is one
      // lookahead long.
      windowEnd = min + LOOKAHEAD;
      long end = windowEnd;
      List<Integer> taken = new ArrayList<>();
      calendar.takeBefore(end, taken::add);
      List<Integer> expected = reference.stream().filter(e -> e.time() < end)
          .map(Entry::lp).sorted().toList();
      reference.removeIf(e -> e.time() < end);
      assertEquals(expected, taken.stream().sorted().toList(), "window " + window);
    }
  }

  @Test
  void aJumpFarAheadBringsTheFarEntriesIntoTheRing() {
    WakeCalendar calendar = new WakeCalendar(LOOKAHEAD);
    long far = 10L * WakeCalendar.RING * LOOKAHEAD;
    calendar.push(far + 5, 7);
    calendar.push(far + LOOKAHEAD + 5, 8);
    calendar.push(3, 1);
    assertEquals(3, calendar.minTime());
    List<Integer> taken = new ArrayList<>();
    calendar.takeBefore(3 + LOOKAHEAD, taken::add);
    assertEquals(List.of(1), taken);
    assertEquals(far + 5, calendar.minTime());
    taken.clear();
    calendar.takeBefore(far + 5 + LOOKAHEAD, taken::add);
    assertEquals(List.of(7), taken);
    assertEquals(far + LOOKAHEAD + 5, calendar.minTime());
    taken.clear();
    calendar.takeBefore(far + 2 * LOOKAHEAD + 5, taken::add);
    assertEquals(List.of(8), taken);
    assertEquals(-1, calendar.minTime(), "nothing pending");
  }

  @Test
  void entriesOfOneTimeAllComeOutTogether() {
    WakeCalendar calendar = new WakeCalendar(LOOKAHEAD);
    List<Entry> pushed = List.of(new Entry(2_500, 4), new Entry(2_500, 2), new Entry(2_999, 9),
        new Entry(3_000, 5));
    pushed.forEach(e -> calendar.push(e.time(), e.lp()));
    List<Integer> taken = new ArrayList<>();
    calendar.takeBefore(3_000, taken::add);
    assertEquals(List.of(4, 2, 9), taken, "before 3000, in push order within the bucket");
    assertEquals(3_000, calendar.minTime(), "the entry at the window's end stays");
  }
}
