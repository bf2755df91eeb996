package io.qbone.qkd.qrng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three entropy sources. */
class QrngTest {
  @Test
  void deviceFileIsReadInOrderAndNeverReused(@TempDir Path dir) throws Exception {
    byte[] data = new byte[100];
    new SplittableRandom(5).nextBytes(data);
    Path file = dir.resolve("qrandom0");
    Files.write(file, data);
    try (DeviceEntropy dev = new DeviceEntropy(file)) {
      byte[] a = new byte[30];
      byte[] b = new byte[70];
      dev.nextBytes(a);
      dev.nextBytes(b);
      assertArrayEquals(Arrays.copyOfRange(data, 0, 30), a);
      assertArrayEquals(Arrays.copyOfRange(data, 30, 100), b);
      UncheckedIOException end = assertThrows(UncheckedIOException.class,
          () -> dev.nextBytes(new byte[1]));
      assertTrue(end.getMessage().contains("ended"), end.getMessage());
    }
    UncheckedIOException missing = assertThrows(UncheckedIOException.class,
        () -> new DeviceEntropy(dir.resolve("absent")));
    assertTrue(missing.getMessage().contains("cannot open QRNG device"), missing.getMessage());
  }

  /** A FIFO behaves like a character device: bytes arrive as a writer produces them. */
  @Test
  void deviceFifoDeliversWhatItsWriterProduces(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("qrng-fifo");
    Process mk;
    try {
      mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (java.io.IOException e) {
      Assumptions.abort("mkfifo is not available: " + e.getMessage());
      return;
    }
    Assumptions.assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
    byte[] data = new byte[4096];
    new SplittableRandom(9).nextBytes(data);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        for (int i = 0; i < data.length; i += 512) {
          out.write(data, i, 512);
          out.flush();
        }
      } catch (java.io.IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    byte[] got = new byte[data.length];
    try (DeviceEntropy dev = new DeviceEntropy(fifo)) {
      dev.nextBytes(got);
    }
    writer.get(30, TimeUnit.SECONDS);
    assertArrayEquals(data, got);
  }

  @Test
  void seededIsReproducibleAndOsIsNot() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    new SeededEntropy(new SplittableRandom(3)).nextBytes(a);
    new SeededEntropy(new SplittableRandom(3)).nextBytes(b);
    assertArrayEquals(a, b);
    OsEntropy os = new OsEntropy();
    os.nextBytes(a);
    os.nextBytes(b);
    // Two 256-bit draws of a cryptographic generator coincide with probability 2^-256.
    assertFalse(Arrays.equals(a, b));
  }
}
