package io.qbone.qkd.qrng;

import io.qbone.node.engine.LpContext;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The scenario's choice of entropy source ({@code qkd.qrng}).
 *
 * @param kind seeded, os or device
 * @param devicePath the file to read for {@link Kind#DEVICE}, else null
 */
public record QrngConfig(Kind kind, Path devicePath) {
  public static final QrngConfig SEEDED = new QrngConfig(Kind.SEEDED, null);

  public enum Kind { SEEDED, OS, DEVICE }

  public QrngConfig {
    Objects.requireNonNull(kind, "kind");
    if ((kind == Kind.DEVICE) != (devicePath != null)) {
      throw new IllegalArgumentException("a device path is needed for, and only for, kind device");
    }
  }

  /**
   * A shared source for the run: null for seeded (each LP then draws from its own seeded stream,
   * see {@link #forLp}); one OS generator or one device reader otherwise.
   */
  public EntropySource openShared() {
    return switch (kind) {
      case SEEDED -> null;
      case OS -> new OsEntropy();
      case DEVICE -> new DeviceEntropy(devicePath);
    };
  }

  /** The source an LP uses: its own seeded stream "qrng", or the run's shared source. */
  public static EntropySource forLp(EntropySource shared, LpContext ctx) {
    return shared != null ? shared : new SeededEntropy(ctx.random("qrng"));
  }
}
