package io.qbone.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qbone.router.routing.RoutingProtocolProvider;
import io.qbone.router.routing.ShippedProtocols;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A routing protocol from a user's jar: docs/routing.md's worked example ({@code
 * org.example.routing.MostReliablePath}, source in router/src/test) is compiled and packaged
 * here as a separate jar with its services file, then a real {@code qbone} JVM with that jar on
 * its class path runs a scenario naming {@code most-reliable}.
 */
class RoutingPluginTest {
  private static final Path EXAMPLE =
      Path.of("..", "router", "src", "test", "java", "org", "example", "routing");
  private static final String SERVICES =
      "META-INF/services/" + RoutingProtocolProvider.class.getName();

  /** Two ends over one repeater; every request wants far more pairs than a second yields. */
  static final String SCENARIO = String.join("\n",
      "qbone: 1",
      "name: plugin-routing",
      "seed: 3",
      "duration_s: 0.02",
      "routing:",
      "  protocol: most-reliable",
      "traffic:",
      "  rate_per_s: 2000",
      "  stop_s: 0.015",
      "  request: {pairs: 1000000, min_fidelity: 0.5, deadline_s: 0.01}",
      "nodes:",
      "  - {name: a, kind: end}",
      "  - {name: r}",
      "  - {name: b, kind: end}",
      "links:",
      "  - {a: a, b: r, length_km: 10}",
      "  - {a: r, b: b, length_km: 10}",
      "");

  @TempDir static Path dir;
  static Path pluginJar;
  static Path scenario;

  @BeforeAll
  static void buildThePluginJar() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.list(EXAMPLE)) {
      sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    pluginJar = jar("most-reliable", sources, "org.example.routing.MostReliablePathProvider");
    scenario = dir.resolve("plugin-routing.yaml");
    Files.writeString(scenario, SCENARIO);
  }

  /** Compiles {@code sources} against this class path into {@code name}.jar with its services. */
  private static Path jar(String name, List<Path> sources, String provider) throws IOException {
    Path classes = Files.createDirectories(dir.resolve(name + "-classes"));
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
        "-classpath", System.getProperty("java.class.path")));
    sources.forEach(p -> args.add(p.toString()));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
    assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

    Path jar = dir.resolve(name + ".jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry(SERVICES));
      out.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  private record Outcome(int exit, String err) {}

  /** {@code qbone ARGS} in a child JVM whose class path is this test's plus the plugin jar. */
  private static Outcome qboneWithPlugin(String... args) throws Exception {
    return qbone(List.of(pluginJar), args);
  }

  /** {@code qbone ARGS} in a child JVM whose class path is this test's plus {@code jars}. */
  private static Outcome qbone(List<Path> jars, String... args) throws Exception {
    StringBuilder classPath = new StringBuilder(System.getProperty("java.class.path"));
    jars.forEach(j -> classPath.append(File.pathSeparator).append(j));
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", classPath.toString(), QboneCli.class.getName()));
    command.addAll(List.of(args));
    Path err = Files.createTempFile(dir, "qbone", ".err");
    Process p = new ProcessBuilder(command).redirectError(err.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    // A bound for a hung child only; nothing is timed.
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("qbone did not finish: " + Files.readString(err));
    }
    return new Outcome(p.exitValue(), Files.readString(err));
  }

  @Test
  void aRunUsesTheProtocolFromThePluginJar() throws Exception {
    Path results = dir.resolve("results.json");
    Outcome o = qboneWithPlugin("run", scenario.toString(), "--out", results.toString(),
        "--no-metrics", "--no-dashboard", "--quiet");
    assertEquals(0, o.exit(), o.err());
    JsonNode routing = new ObjectMapper().readTree(results.toFile()).get("outcome")
        .get("routing");
    assertEquals("most-reliable", routing.get("protocol").asText());
    long requests = routing.get("requests").asLong();
    assertTrue(requests > 10, routing.toString());
    // Only MostReliablePath rejects for rate, and with a million pairs it rejects every request.
    assertEquals(requests, routing.get("rejected_routing").asLong(), routing.toString());
    assertEquals(requests, routing.get("failure_reasons").get("rate").asLong(),
        routing.toString());
    assertEquals(0, routing.get("accepted").asLong(), routing.toString());
  }

  @Test
  void compareRoutingAcceptsThePluginsName() throws Exception {
    Path json = dir.resolve("compare.json");
    Outcome o = qboneWithPlugin("compare-routing", scenario.toString(), "--protocols",
        "shortest-latency,most-reliable", "--json", json.toString(), "--csv",
        dir.resolve("compare.csv").toString(), "--quiet");
    assertEquals(0, o.exit(), o.err());
    JsonNode protocols = new ObjectMapper().readTree(json.toFile()).get("protocols");
    JsonNode shortest = protocols.get(0).get("outcome");
    JsonNode reliable = protocols.get(1).get("outcome");
    assertEquals("most-reliable", reliable.get("protocol").asText());
    assertEquals(shortest.get("requests").asLong(), reliable.get("requests").asLong());
    // Shortest path accepts what it can reserve; the plugin refuses every request for rate.
    assertEquals(0, shortest.get("rejected_routing").asLong(), shortest.toString());
    assertTrue(shortest.get("accepted").asLong() > 0, shortest.toString());
    assertFalse(shortest.get("failure_reasons").has("rate"), shortest.toString());
    assertEquals(reliable.get("requests").asLong(),
        reliable.get("failure_reasons").get("rate").asLong(), reliable.toString());
  }

  @Test
  void twoJarsProvidingOneNameStopTheRunNamingBothClasses() throws Exception {
    Path source = dir.resolve("clash-src").resolve("Clash.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, String.join("\n",
        "package org.example.clash;",
        "public final class Clash implements io.qbone.router.routing.RoutingProtocolProvider {",
        "  public String name() { return \"most-reliable\"; }",
        "  public io.qbone.router.routing.RoutingProtocol create(",
        "      io.qbone.router.request.RoutingConfig c) { throw new IllegalStateException(); }",
        "}", ""));
    Path clash = jar("clash", List.of(source), "org.example.clash.Clash");
    Path results = dir.resolve("clash.json");
    Outcome o = qbone(List.of(pluginJar, clash), "run", scenario.toString(), "--out",
        results.toString(), "--no-metrics", "--no-dashboard", "--quiet");
    assertEquals(2, o.exit(), o.err());
    String err = o.err().strip();
    assertTrue(err.startsWith("qbone: two routing protocols are named 'most-reliable': "), err);
    assertTrue(err.contains("org.example.routing.MostReliablePathProvider"), err);
    assertTrue(err.contains("org.example.clash.Clash"), err);
    assertFalse(err.contains("\tat "), "no stack trace: " + err);
    assertFalse(Files.exists(results));
  }

  @Test
  void withoutThePluginTheScenarioIsRejectedNamingTheField() throws Exception {
    PrintStream oldErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      exit = QboneCli.execute("run", scenario.toString(), "--out",
          dir.resolve("none.json").toString(), "--no-metrics", "--no-dashboard", "--quiet");
    } finally {
      System.setErr(oldErr);
    }
    String message = err.toString(StandardCharsets.UTF_8).strip();
    assertEquals(2, exit, message);
    assertTrue(message.startsWith("qbone: " + scenario + ":6: field 'routing.protocol'"),
        message);
    assertTrue(message.contains("'most-reliable'"), message);
    assertTrue(message.contains(ShippedProtocols.NAMES.toString()), message);
    assertEquals(1, message.lines().count(), message);
    assertFalse(Files.exists(dir.resolve("none.json")));
  }
}
