package io.qbone.qkd.qrng;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes read from a file: a hardware QRNG's character device (e.g. {@code /dev/qrandom0}), a
 * FIFO fed by a QRNG driver, or a regular file of recorded randomness. One reader serves the whole
 * run (thread-safe), so no byte is ever used twice; running out of bytes is an error, because
 * reusing or inventing key material would be silently insecure.
 */
public final class DeviceEntropy implements EntropySource, AutoCloseable {
  private final Path path;
  private final InputStream in;

  /** Opens the file now, so a wrong path fails before the run starts. */
  public DeviceEntropy(Path path) {
    this.path = path;
    try {
      this.in = Files.newInputStream(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open QRNG device " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void nextBytes(byte[] out) {
    int done = 0;
    try {
      while (done < out.length) {
        int n = in.read(out, done, out.length - done);
        if (n < 0) {
          throw new EOFException("QRNG device " + path + " ended after too few bytes");
        }
        done += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read QRNG device " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    in.close();
  }
}
