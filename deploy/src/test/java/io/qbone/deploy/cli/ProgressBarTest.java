package io.qbone.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void showsVirtualTimeDoneRateAndTimeLeft() {
    // A quarter of 2 s of virtual time in 3 wall seconds: 9 more seconds at the same pace.
    assertEquals("[########......................]  25.0% virtual 0.500000/2.000000 s"
            + " | 400,000 events/s | ETA 9 s ",
        ProgressBar.line(500_000_000L, 2_000_000_000L, 1_200_000, 3.0));
  }

  @Test
  void isFullAtTheEndAndUnknownBeforeAnyProgress() {
    assertEquals("[##############################] 100.0% virtual 1.000000/1.000000 s"
            + " | 10 events/s | ETA 0 s ",
        ProgressBar.line(1_000_000_000L, 1_000_000_000L, 10, 1.0));
    assertEquals("[..............................]   0.0% virtual 0.000000/1.000000 s"
            + " | 0 events/s | ETA ? ",
        ProgressBar.line(0, 1_000_000_000L, 0, 0));
  }
}
