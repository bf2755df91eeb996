package io.qbone.deploy.cli;

import io.qbone.deploy.scenario.ScenarioGenerator;
import io.qbone.deploy.scenario.ScenarioGenerator.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code qbone generate chain|grid|random}: writes a synthetic scenario (format v1) to a file or
 * standard output. Bad options exit with code 2 (picocli's usage error), like bad scenarios.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic scenario (YAML format v1) of any size.",
    subcommands = {GenerateCommand.Chain.class, GenerateCommand.Grid.class,
        GenerateCommand.RandomNetwork.class})
public final class GenerateCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Without a subcommand there is nothing to generate: a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: chain, grid or random");
  }

  /** Options every generator shares. */
  public static final class Common {
    @Option(names = "--seed", defaultValue = "1",
        description = "Random seed, also written as the scenario seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration-s", defaultValue = "0.1",
        description = "Virtual run length in seconds (default: ${DEFAULT-VALUE}).")
    double durationS;

    @Option(names = "--name", description = "Scenario name (default: chain-N, grid-RxC, random-N).")
    String name;

    @Option(names = "--out", paramLabel = "FILE",
        description = "Output file (default: standard output).")
    Path out;
  }

  /** Writes one synthetic scenario to a writer. */
  interface Generator {
    Summary write(Writer out) throws IOException;
  }

  /**
   * Builds a generator's parameters; their checks become usage errors (exit code 2). Done before
   * the output file is opened so that bad options never truncate an existing file.
   */
  static <T> T parameters(CommandSpec spec, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Writes to --out (with a summary on stderr) or stdout; an I/O failure exits with 1. */
  static int generate(CommandSpec spec, Common common, Generator generator) {
    try {
      if (common.out == null) {
        PrintWriter stdout = spec.commandLine().getOut();
        generator.write(stdout);
        stdout.flush();
        return 0;
      }
      Summary s;
      try (Writer w = Files.newBufferedWriter(common.out, StandardCharsets.UTF_8)) {
        s = generator.write(w);
      }
      spec.commandLine().getErr().printf("%s: %d nodes, %d links, %d flows -> %s%n",
          s.name(), s.nodes(), s.links(), s.flows(), common.out);
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("qbone generate: cannot write " + common.out + ": " + e);
      return 1;
    }
  }

  @Command(name = "chain", mixinStandardHelpOptions = true,
      description = "A chain n0 - n1 - ... of equal links; flows of --flow-hops links cover it.")
  public static final class Chain implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--nodes", required = true, description = "Number of nodes (>= 2).")
    int nodes;

    @Option(names = "--length-km", defaultValue = "10",
        description = "Length of every link in km (default: ${DEFAULT-VALUE}).")
    double lengthKm;

    @Option(names = "--flow-hops", defaultValue = "0", paramLabel = "H",
        description = "Links per flow: flows n0->nH, nH->n2H, ... (default: nodes - 1, one flow).")
    int flowHops;

    @Override
    public Integer call() {
      ScenarioGenerator.Chain p = parameters(spec, () -> new ScenarioGenerator.Chain(
          nodes, lengthKm, flowHops, common.seed, common.durationS, common.name));
      return generate(spec, common, out -> ScenarioGenerator.chain(p, out));
    }
  }

  @Command(name = "grid", mixinStandardHelpOptions = true,
      description = "A rows x cols grid r{i}c{j} linked to right and down neighbours.")
  public static final class Grid implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--rows", required = true, description = "Number of rows.")
    int rows;

    @Option(names = "--cols", required = true, description = "Number of columns.")
    int cols;

    @Option(names = "--length-km", defaultValue = "10",
        description = "Length of every link in km (default: ${DEFAULT-VALUE}).")
    double lengthKm;

    @Option(names = "--flows", defaultValue = "1",
        description = "Flows: the first corner to corner, the others between random pairs "
            + "(default: ${DEFAULT-VALUE}).")
    int flows;

    @Override
    public Integer call() {
      ScenarioGenerator.Grid p = parameters(spec, () -> new ScenarioGenerator.Grid(
          rows, cols, lengthKm, flows, common.seed, common.durationS, common.name));
      return generate(spec, common, out -> ScenarioGenerator.grid(p, out));
    }
  }

  @Command(name = "random", mixinStandardHelpOptions = true,
      description = "A random connected network: a random tree plus random extra links.")
  public static final class RandomNetwork implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--nodes", required = true, description = "Number of nodes (>= 2).")
    int nodes;

    @Option(names = "--degree", defaultValue = "3",
        description = "Mean node degree (default: ${DEFAULT-VALUE}).")
    double degree;

    @Option(names = "--min-km", defaultValue = "5",
        description = "Shortest link in km (default: ${DEFAULT-VALUE}).")
    double minKm;

    @Option(names = "--max-km", defaultValue = "50",
        description = "Longest link in km (default: ${DEFAULT-VALUE}).")
    double maxKm;

    @Option(names = "--flows", defaultValue = "10",
        description = "Flows between random distinct node pairs (default: ${DEFAULT-VALUE}).")
    int flows;

    @Override
    public Integer call() {
      ScenarioGenerator.RandomNetwork p = parameters(spec, () ->
          new ScenarioGenerator.RandomNetwork(nodes, degree, minKm, maxKm, flows, common.seed,
              common.durationS, common.name));
      return generate(spec, common, out -> ScenarioGenerator.random(p, out));
    }
  }
}
