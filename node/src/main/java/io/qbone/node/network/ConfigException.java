package io.qbone.node.network;

/**
 * A configuration value is outside what the model accepts. Names the offending field so that the
 * scenario loader can point at the file and line it came from.
 */
public final class ConfigException extends IllegalArgumentException {
  private final String field;

  public ConfigException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** Scenario field name, e.g. {@code length_km}. */
  public String field() {
    return field;
  }

  static void require(boolean ok, String field, String expected, Object got) {
    if (!ok) {
      throw new ConfigException(field, "'" + field + "' must be " + expected + ", got " + got);
    }
  }
}
