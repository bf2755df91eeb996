package io.qbone.node.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PacerTest {
  @Test
  void asFastAsPossibleNeverWaits() {
    Pacer p = new Pacer(0, () -> 0);
    p.start();
    assertEquals(0, p.waitNanos(1_000_000_000L));
  }

  @Test
  void realTimeOpensAWindowOnlyWhenTheWallClockReachesIt() {
    AtomicLong wall = new AtomicLong(5_000);
    Pacer p = new Pacer(2.0, wall::get); // two virtual seconds per wall second
    p.start();
    assertEquals(500_000_000L, p.waitNanos(1_000_000_000L));
    wall.addAndGet(300_000_000L);
    assertEquals(200_000_000L, p.waitNanos(1_000_000_000L));
    wall.addAndGet(400_000_000L);
    assertEquals(0, p.waitNanos(1_000_000_000L));
  }

  @Test
  void aCatchUpRunsUnpacedToItsEndThenPacesFromThere() {
    AtomicLong wall = new AtomicLong(1_000);
    Pacer p = new Pacer(1.0, 60_000_000_000L, wall::get); // catch up to virtual minute 1
    p.start();
    assertEquals(0, p.waitNanos(0));
    assertEquals(0, p.waitNanos(59_999_999_999L));
    assertEquals(60_000_000_000L, p.virtualNow(), "still catching up");
    wall.addAndGet(5_000_000_000L); // the catch-up took five wall seconds
    assertEquals(0, p.waitNanos(60_000_000_000L), "pacing starts from here, now");
    assertEquals(2_000_000_000L, p.waitNanos(62_000_000_000L));
    wall.addAndGet(1_500_000_000L);
    assertEquals(500_000_000L, p.waitNanos(62_000_000_000L));
    assertEquals(61_500_000_000L, p.virtualNow());
  }
}
