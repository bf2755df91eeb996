package io.qbone.qkd.link;

import java.util.Objects;

/**
 * A QKD link of the scenario: a fibre link of the topology (by its end names) that runs a QKD
 * system.
 *
 * @param a one end (the generating end is the topology link's {@code a})
 * @param b the other end
 * @param technology the system's technology as written ({@code decoy-bb84}, {@code cow}, ...)
 * @param model its key physics
 * @param blockBits sifted bits per block on this link, 0 for the section's {@code block_bits}
 */
public record QkdLinkConfig(String a, String b, String technology, LinkKeyModel model,
    long blockBits) {
  public QkdLinkConfig {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    Objects.requireNonNull(technology, "technology");
    Objects.requireNonNull(model, "model");
  }

  public QkdLinkConfig(String a, String b, String technology, LinkKeyModel model) {
    this(a, b, technology, model, 0);
  }
}
