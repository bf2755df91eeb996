package io.qbone.deploy.cli;

import io.qbone.router.request.Protocols;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the qbone application. */
@Command(
    name = "qbone",
    mixinStandardHelpOptions = true,
    version = "qbone 0.1.0",
    description = "Deterministic, clustered emulator of quantum communication backbones.",
    subcommands = {RunCommand.class, MemberCommand.class, GenerateCommand.class,
        ServeCommand.class, CompareRoutingCommand.class})
public final class QboneCli implements Runnable {
  /** Exit code for bad input: a malformed scenario or bad options. */
  public static final int EXIT_BAD_INPUT = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Keep the terminal to qbone's own output: SLF4J announces its provider at INFO, and the
    // cluster members would otherwise log concurrently while logging initialises.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
    LoggerFactory.getLogger(QboneCli.class);
    System.exit(execute(args));
  }

  /**
   * Runs the CLI without exiting the JVM (tests call this). An error no command expected is
   * reported by {@link InternalErrors} (one line, the trace in a log file, exit code 1); picocli
   * hands it Exceptions, Errors (a stack overflow, say) escape picocli and are caught here.
   */
  public static int execute(String... args) {
    try {
      return new CommandLine(new QboneCli())
          .setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof Protocols.RegistryException) {
              // The class path, not the scenario, is wrong: say which jars clash, no stack trace.
              System.err.println("qbone: " + e.getMessage());
              return EXIT_BAD_INPUT;
            }
            return InternalErrors.report(e);
          })
          .execute(args);
    } catch (Error e) {
      return InternalErrors.report(e);
    }
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: run, member, generate, serve or compare-routing");
  }
}
