package io.qbone.deploy.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.Topology;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100,000-node random network generates and loads. The file is streamed to disk and read back
 * from disk so the test never holds it as a string; no timing is asserted.
 */
class ScenarioLargeTest {
  @Test
  void hundredThousandNodeRandomNetwork(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("random-100k.yaml");
    ScenarioGenerator.RandomNetwork spec =
        new ScenarioGenerator.RandomNetwork(100_000, 3, 5, 50, 10, 1, 0.1, null);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      ScenarioGenerator.random(spec, w);
    }
    assertTrue(Files.size(file) > 3 * 1024 * 1024, "beyond snakeyaml-engine's default limit");

    Scenario s = ScenarioLoader.load(file);
    assertEquals(100_000, s.nodes().size());
    assertEquals(150_000, s.links().size());
    assertEquals(10, s.flows().size());
    assertTrue(ScenarioGeneratorTest.connected(new Topology(s.nodes(), s.links())));
    assertTrue(s.locations().line(io.qbone.node.network.TopologyException.Part.LINK, 149_999,
        "length_km") > 100_000);
  }
}
