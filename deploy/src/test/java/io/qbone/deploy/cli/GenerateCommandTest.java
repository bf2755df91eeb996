package io.qbone.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new GenerateCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void writesToStdoutByDefault() {
    assertEquals(0, run("chain", "--nodes", "4", "--flow-hops", "2", "--seed", "5"));
    Scenario s = ScenarioLoader.load("stdout", new StringReader(out.toString()));
    assertEquals(4, s.nodes().size());
    assertEquals(5, s.seed());
    assertEquals(2, s.flows().size());
    assertEquals("", err.toString(), "no summary on stdout output");
  }

  @Test
  void writesAFileAndSummarisesOnStderr(@TempDir Path dir) {
    Path file = dir.resolve("g.yaml");
    assertEquals(0, run("grid", "--rows", "2", "--cols", "3", "--flows", "2",
        "--duration-s", "0.5", "--name", "tiny-grid", "--out", file.toString()));
    Scenario s = ScenarioLoader.load(file);
    assertEquals("tiny-grid", s.name());
    assertEquals(0.5, s.durationS());
    assertEquals("tiny-grid: 6 nodes, 7 links, 2 flows -> " + file + System.lineSeparator(),
        err.toString());
  }

  @Test
  void randomWithOptions(@TempDir Path dir) {
    Path file = dir.resolve("r.yaml");
    assertEquals(0, run("random", "--nodes", "50", "--degree", "4", "--min-km", "1",
        "--max-km", "2", "--flows", "3", "--out", file.toString()));
    Scenario s = ScenarioLoader.load(file);
    assertEquals(100, s.links().size());
    assertEquals(3, s.flows().size());
  }

  @Test
  void badOptionsLeaveAnExistingOutputFileAlone(@TempDir Path dir) throws java.io.IOException {
    Path file = dir.resolve("keep.yaml");
    java.nio.file.Files.writeString(file, "precious");
    assertEquals(2, run("chain", "--nodes", "0", "--out", file.toString()));
    assertEquals("precious", java.nio.file.Files.readString(file));
  }

  @Test
  void badOptionsAreUsageErrorsWithExitCode2() {
    assertEquals(2, run("chain", "--nodes", "1"), err::toString);
    assertTrue(err.toString().contains("--nodes must be >= 2, got 1"), err.toString());
    assertEquals(2, run("random"));
    assertEquals(2, run("grid", "--rows", "x", "--cols", "2"));
    assertEquals(2, run());
    assertTrue(err.toString().contains("Missing subcommand"), err.toString());
  }

  @Test
  void topologySubcommandsWriteLoadableScenarios(@TempDir Path dir) {
    String[][] commands = {
        {"ring", "--nodes", "6", "--flows", "2"},
        {"waxman", "--nodes", "60", "--side-km", "100", "--alpha", "0.2", "--beta", "0.2"},
        {"ba", "--nodes", "40", "--m", "2", "--min-km", "1", "--max-km", "3"},
        {"backbone", "--core", "4", "--metro", "3", "--core-km", "200", "--metro-km", "15"}};
    int[] nodes = {6, 60, 40, 16};
    for (int i = 0; i < commands.length; i++) {
      Path file = dir.resolve(commands[i][0] + ".yaml");
      String[] args = java.util.Arrays.copyOf(commands[i], commands[i].length + 2);
      args[args.length - 2] = "--out";
      args[args.length - 1] = file.toString();
      assertEquals(0, run(args), err::toString);
      Scenario s = ScenarioLoader.load(file);
      assertEquals(nodes[i], s.nodes().size(), commands[i][0]);
    }
    assertTrue(err.toString().contains("ba-40: 40 nodes, 77 links, 10 flows"), err.toString());
    assertTrue(err.toString().contains("backbone-4x3: 16 nodes, 20 links, 10 flows"),
        err.toString());
  }

  @Test
  void topologyOptionErrorsNameTheOption() {
    assertEquals(2, run("waxman", "--nodes", "10", "--beta", "0"));
    assertTrue(err.toString().contains("--beta must be in (0, 1], got 0.0"), err.toString());
    assertEquals(2, run("backbone", "--core", "4", "--metro", "2", "--core-degree", "3"));
    assertTrue(err.toString().contains("--core-degree must be even"), err.toString());
    assertEquals(2, run("ba", "--nodes", "2", "--m", "2"));
    assertTrue(err.toString().contains("--nodes must be > --m = 2, got 2"), err.toString());
  }
}
