package io.qbone.deploy.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A CLI call run in this JVM: its exit code and what it wrote to stderr. */
public record CliOutcome(int exit, String err) {
  public static CliOutcome of(String... args) {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = QboneCli.execute(args);
      return new CliOutcome(exit, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(oldErr);
    }
  }
}
