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
 * {@code qbone generate chain|grid|random|ring|waxman|ba|backbone}: writes a synthetic scenario (format v1) to a file or
 * standard output. Bad options exit with code 2 (picocli's usage error), like bad scenarios.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic scenario (YAML format v1) of any size.",
    subcommands = {GenerateCommand.Chain.class, GenerateCommand.Grid.class,
        GenerateCommand.RandomNetwork.class, GenerateCommand.Ring.class,
        GenerateCommand.Waxman.class, GenerateCommand.BarabasiAlbert.class,
        GenerateCommand.Backbone.class})
public final class GenerateCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Without a subcommand there is nothing to generate: a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: chain, grid, random, ring, waxman, ba or backbone");
  }

  /** Options every generator shares. */
  public static final class Common {
    @Option(names = "--seed", defaultValue = "1",
        description = "Random seed, also written as the scenario seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration-s", defaultValue = "0.1",
        description = "Virtual run length in seconds (default: ${DEFAULT-VALUE}).")
    double durationS;

    @Option(names = "--name", description = "Scenario name (default: chain-N, grid-RxC, random-N, ring-N, waxman-N, "
        + "ba-N, backbone-CxM).")
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

  @Command(name = "ring", mixinStandardHelpOptions = true,
      description = "A ring n0 - n1 - ... - n(N-1) - n0 of equal links.")
  public static final class Ring implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--nodes", required = true, description = "Number of nodes (>= 3).")
    int nodes;

    @Option(names = "--length-km", defaultValue = "10",
        description = "Length of every link in km (default: ${DEFAULT-VALUE}).")
    double lengthKm;

    @Option(names = "--flows", defaultValue = "1",
        description = "Flows: the first from n0 to the opposite node, the others between random "
            + "pairs (default: ${DEFAULT-VALUE}).")
    int flows;

    @Override
    public Integer call() {
      ScenarioGenerator.Ring p = parameters(spec, () -> new ScenarioGenerator.Ring(
          nodes, lengthKm, flows, common.seed, common.durationS, common.name));
      return generate(spec, common, out -> ScenarioGenerator.ring(p, out));
    }
  }

  @Command(name = "waxman", mixinStandardHelpOptions = true,
      description = "A Waxman network: nodes uniform in a square, pairs linked with probability "
          + "beta*exp(-d/(alpha*L)), then joined into one component by the shortest links.")
  public static final class Waxman implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--nodes", required = true, description = "Number of nodes (>= 2).")
    int nodes;

    @Option(names = "--side-km", defaultValue = "1000",
        description = "Side of the square in km (default: ${DEFAULT-VALUE}).")
    double sideKm;

    @Option(names = "--alpha", defaultValue = "0.1",
        description = "Distance scale, a fraction of the diagonal L (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--beta", defaultValue = "0.4",
        description = "Link probability at distance 0, in (0, 1]; scale it as 1/N for a fixed "
            + "mean degree (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--flows", defaultValue = "10",
        description = "Flows between random distinct node pairs (default: ${DEFAULT-VALUE}).")
    int flows;

    @Override
    public Integer call() {
      ScenarioGenerator.Waxman p = parameters(spec, () -> new ScenarioGenerator.Waxman(
          nodes, sideKm, alpha, beta, flows, common.seed, common.durationS, common.name));
      return generate(spec, common, out -> ScenarioGenerator.waxman(p, out));
    }
  }

  @Command(name = "ba", mixinStandardHelpOptions = true,
      description = "A Barabasi-Albert network: each new node links to --m earlier nodes chosen "
          + "in proportion to their degree.")
  public static final class BarabasiAlbert implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--nodes", required = true, description = "Number of nodes (> --m).")
    int nodes;

    @Option(names = "--m", defaultValue = "2",
        description = "Links per new node (default: ${DEFAULT-VALUE}).")
    int m;

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
      ScenarioGenerator.BarabasiAlbert p = parameters(spec, () ->
          new ScenarioGenerator.BarabasiAlbert(nodes, m, minKm, maxKm, flows, common.seed,
              common.durationS, common.name));
      return generate(spec, common, out -> ScenarioGenerator.barabasiAlbert(p, out));
    }
  }

  @Command(name = "backbone", mixinStandardHelpOptions = true,
      description = "A long-haul core ring (or ring lattice) with a metro ring at every core "
          + "node; flows between metro nodes of different metros.")
  public static final class Backbone implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Option(names = "--core", required = true, description = "Number of core nodes (>= 3).")
    int core;

    @Option(names = "--core-degree", defaultValue = "2",
        description = "Links per core node to other core nodes, even: 2 is a ring "
            + "(default: ${DEFAULT-VALUE}).")
    int coreDegree;

    @Option(names = "--core-km", defaultValue = "100",
        description = "Length of every core link in km (default: ${DEFAULT-VALUE}).")
    double coreKm;

    @Option(names = "--metro", required = true,
        description = "Metro nodes per core node (>= 1).")
    int metro;

    @Option(names = "--metro-km", defaultValue = "10",
        description = "Length of every metro link in km (default: ${DEFAULT-VALUE}).")
    double metroKm;

    @Option(names = "--flows", defaultValue = "10",
        description = "Flows between random metro nodes of different metros "
            + "(default: ${DEFAULT-VALUE}).")
    int flows;

    @Override
    public Integer call() {
      ScenarioGenerator.Backbone p = parameters(spec, () -> new ScenarioGenerator.Backbone(core,
          coreDegree, coreKm, metro, metroKm, flows, common.seed, common.durationS, common.name));
      return generate(spec, common, out -> ScenarioGenerator.backbone(p, out));
    }
  }
}
