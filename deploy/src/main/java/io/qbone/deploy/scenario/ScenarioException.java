package io.qbone.deploy.scenario;

/**
 * A scenario cannot be used. The message names the file, line, field and what was expected, and
 * is what the CLI prints (with exit code 2).
 */
public final class ScenarioException extends RuntimeException {
  private final String file;
  private final int line;
  private final String field;

  public ScenarioException(String file, int line, String field, String message) {
    super(format(file, line, field, message));
    this.file = file;
    this.line = line;
    this.field = field;
  }

  private static String format(String file, int line, String field, String message) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (field != null) {
      sb.append("field '").append(field).append("': ");
    }
    return sb.append(message).toString();
  }

  public String file() {
    return file;
  }

  /** 1-based line, 0 when the error is not tied to a line. */
  public int line() {
    return line;
  }

  /** Dotted path of the field, e.g. {@code links[2].length_km}, or null. */
  public String field() {
    return field;
  }
}
