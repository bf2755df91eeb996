package io.qbone.deploy.run;

import io.qbone.deploy.cli.QboneCli;
import io.qbone.node.engine.Bootstrap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The member processes of a run: for {@code qbone run --processes N}, N child JVMs of this
 * one's java and class path running {@code qbone member} on 127.0.0.1; for {@code --remote-members
 * N}, members started elsewhere, which this process only waits for. Children are killed when the
 * run fails, when they do not stop in time, and when this JVM exits (shutdown hook); their output
 * is copied to this process's standard error, each line prefixed with the member's number.
 */
public final class MemberProcesses implements AutoCloseable {
  /** How long members get to exit once the launcher dismissed them. */
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
  /**
   * JVM options children inherit: heap, GC and other -XX flags, Pekko settings, and qbone's
   * limits (the loader's events bound and the engine watchdog's, which every member must share).
   */
  private static final List<String> INHERITED_OPTIONS = List.of("-Xmx", "-Xms", "-XX:", "-Dpekko.",
      "-Dqbone.");

  private final List<Process> children = new ArrayList<>();
  private final Thread killer = new Thread(this::kill, "qbone-member-killer");
  /** Whether {@link #killer} is registered as a shutdown hook. */
  private boolean hooked;
  /** Set once the children are being killed: from then on their exits are expected. */
  private volatile boolean finished;

  /**
   * How the members of a run come.
   *
   * @param count members the run needs
   * @param spawn start them here as child processes (else wait for {@code qbone member}s
   *     started elsewhere)
   * @param clusterHost address the launcher listens on
   * @param clusterPort its port (0: any free one)
   * @param scenarioFile the scenario file the members read
   * @param seed the run seed (after any --seed override)
   * @param threads dispatcher threads per member
   * @param announce print where the launcher listens
   * @param bootstrap how the launcher finds the members' cluster; null: it is their seed node
   */
  public record Plan(int count, boolean spawn, String clusterHost, int clusterPort,
      Path scenarioFile, long seed, int threads, boolean announce, Bootstrap bootstrap) {

    /** As above, the launcher being the members' seed node. */
    public Plan(int count, boolean spawn, String clusterHost, int clusterPort,
        Path scenarioFile, long seed, int threads, boolean announce) {
      this(count, spawn, clusterHost, clusterPort, scenarioFile, seed, threads, announce, null);
    }

    /** Starts the members (or announces the launcher) once it listens at {@code seedNode}. */
    MemberProcesses start(String seedNode, Consumer<String> failed) {
      MemberProcesses p = new MemberProcesses();
      if (!spawn) {
        if (announce) {
          System.err.println("qbone: waiting for " + count + " member(s): qbone member --scenario "
              + scenarioFile + " --members " + count + (bootstrap == null
                  ? " --seed-nodes " + seedNode
                  : " --bootstrap " + bootstrap.method().option() + " (" + bootstrap.describe()
                      + ")"));
        }
        return p;
      }
      Runtime.getRuntime().addShutdownHook(p.killer);
      p.hooked = true;
      try {
        for (int i = 1; i <= count; i++) {
          p.spawn(i, List.of("member", "--scenario", scenarioFile.toAbsolutePath().toString(),
              "--seed-nodes", seedNode, "--members", Integer.toString(count),
              "--host", "127.0.0.1", "--port", "0",
              "--threads", Integer.toString(threads), "--seed", Long.toString(seed), "--quiet"),
              failed);
        }
      } catch (RuntimeException e) {
        p.close();
        throw e;
      }
      return p;
    }
  }

  private MemberProcesses() {}

  /**
   * The command that runs {@code qbone ARGS} in a new JVM like this one: same java, class path,
   * heap and GC options.
   */
  public static List<String> javaCommand(List<String> qboneArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (INHERITED_OPTIONS.stream().anyMatch(option::startsWith)) {
        command.add(option);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(QboneCli.class.getName());
    command.addAll(qboneArgs);
    return command;
  }

  private void spawn(int number, List<String> args, Consumer<String> failed) {
    Process child;
    try {
      child = new ProcessBuilder(javaCommand(args)).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start member process " + number, e);
    }
    children.add(child);
    Thread pump = new Thread(() -> pump(number, child, failed), "qbone-member-" + number);
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Copies a child's output until it exits, then reports the exit (which fails the run unless
   * its results are already in).
   */
  private void pump(int number, Process child, Consumer<String> failed) {
    String last = "";
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        System.err.println("member " + number + ": " + line);
        if (!line.isBlank()) {
          last = line.strip();
        }
      }
      int code = child.waitFor();
      if (!finished) {
        failed.accept("member process " + number + " (pid " + child.pid() + ") exited with code "
            + code + (last.isEmpty() ? "" : ": " + last));
      }
    } catch (IOException e) {
      if (!finished) {
        failed.accept("lost the output of member process " + number + ": " + e.getMessage());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits up to {@link #EXIT_TIMEOUT} for every child to exit (killing it then). */
  void awaitExit() throws InterruptedException {
    long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
    for (Process child : children) {
      long left = Math.max(0, deadline - System.nanoTime());
      if (!child.waitFor(left, TimeUnit.NANOSECONDS)) {
        System.err.println("qbone: member process (pid " + child.pid()
            + ") did not stop in time; killed");
      }
    }
  }

  /** Kills the children still running and waits for them to be gone. */
  @Override
  public void close() {
    finished = true;
    kill();
    if (hooked) {
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException e) {
        // The JVM is shutting down: the hook runs anyway.
      }
    }
  }

  private void kill() {
    for (Process child : children) {
      child.destroyForcibly();
    }
    for (Process child : children) {
      try {
        child.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
