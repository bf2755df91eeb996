package io.qbone.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reports an error no command expected (a bug, or an input no check caught): one line on
 * standard error naming it and a log file with its stack trace, so the terminal is not buried
 * and the trace is not lost. The log goes to the temporary directory (the working directory may
 * be read-only) under a fresh name; it holds no command line, which may carry passwords.
 */
final class InternalErrors {
  /** Exit code of an internal error. */
  static final int EXIT_INTERNAL = 1;

  private InternalErrors() {}

  static int report(Throwable error) {
    String where;
    try {
      where = "the stack trace is in " + writeLog(error);
    } catch (IOException | RuntimeException e) {
      where = "no log file: " + e;
    }
    String message = error.getMessage() == null ? ""
        : ": " + error.getMessage().lines().findFirst().orElse("");
    System.err.println("qbone: internal error: " + error.getClass().getSimpleName() + message
        + " (" + where + ")");
    return EXIT_INTERNAL;
  }

  private static Path writeLog(Throwable error) throws IOException {
    StringWriter trace = new StringWriter();
    try (PrintWriter out = new PrintWriter(trace)) {
      out.println(QboneCli.class.getAnnotation(picocli.CommandLine.Command.class).version()[0]
          + ", Java " + Runtime.version());
      error.printStackTrace(out);
    }
    Path log = Files.createTempFile("qbone-error-", ".log");
    Files.writeString(log, trace.toString(), StandardCharsets.UTF_8);
    return log;
  }
}
