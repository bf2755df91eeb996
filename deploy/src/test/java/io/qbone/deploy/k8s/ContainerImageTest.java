package io.qbone.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qbone.deploy.cli.QboneCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image of the Maven profile "image" (deploy/target/qbone-image.tar, which
 * .ci/run builds before the tests) runs for real under podman: as a non-root user with the
 * application jar as entrypoint, {@code --version} and a run of three cluster members on a
 * three-node chain give what the shaded jar gives on this machine. The container has no network
 * but its own loopback ({@code --network none}).
 */
class ContainerImageTest {
  private static final Path ARCHIVE = Path.of("target", "qbone-image.tar");
  private static final Path JAR = Path.of("target", "qbone.jar");
  private static final List<String> PODMAN = List.of("podman", "--cgroup-manager=cgroupfs",
      "--runtime", "/usr/sbin/runc");
  private static final String BUILD = "mvn -B -Pimage -DskipTests -pl deploy -am package";
  /** Hang guard for one process; the test measures no time. */
  private static final long LIMIT_S = 300;
  private static String image;

  @TempDir Path dir;

  @BeforeAll
  static void load() throws Exception {
    boolean ci = "true".equals(System.getenv("CI"));
    String why = null;
    if (!Files.isExecutable(Path.of("/usr/sbin/runc")) || !onPath("podman")) {
      why = "no podman and runc (.ci/run installs them with apt-get)";
    } else if (!Files.isRegularFile(ARCHIVE) || !Files.isRegularFile(JAR)) {
      why = "no image archive: build it with " + BUILD + " (.ci/run does)";
    }
    if (why != null && ci) {
      fail(why);
    }
    Assumptions.assumeTrue(why == null, "skipped: " + why);
    String loaded = run(podman("load", "-i", ARCHIVE.toString()));
    Matcher m = Pattern.compile("Loaded image(?:\\(s\\))?: (\\S+)").matcher(loaded);
    assertTrue(m.find(), loaded);
    image = m.group(1);
  }

  @AfterAll
  static void unload() throws Exception {
    if (image != null) {
      run(podman("rmi", "--force", image));
    }
  }

  @Test
  void theImageRunsTheJarAsANonRootUser() throws Exception {
    assertEquals("10001:10001", run(podman("image", "inspect", "--format", "{{.Config.User}}",
        image)).strip());
    assertEquals("[\"/opt/java/bin/java\",\"-XX:+UseParallelGC\",\"-XX:MaxRAMPercentage=75\","
        + "\"-jar\",\"/opt/qbone/qbone.jar\"]", run(podman("image", "inspect", "--format",
        "{{json .Config.Entrypoint}}", image)).strip());
    assertEquals("[\"member\"]", run(podman("image", "inspect", "--format",
        "{{json .Config.Cmd}}", image)).strip());
    String version = run(java("--version"));
    assertTrue(version.startsWith("qbone "), version);
    assertEquals(version, run(container(List.of(), "--version")));
  }

  @Test
  void threeMembersOnAThreeNodeChainGiveTheJarsOutcomeAndSummary() throws Exception {
    Path scenario = dir.resolve("chain-3.yaml");
    assertEquals(0, QboneCli.execute("generate", "chain", "--nodes", "3", "--out",
        scenario.toString()));
    // The container's user (10001) writes its results here.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    List<String> options = List.of("--members", "3", "--no-dashboard", "--no-metrics");

    List<String> jarArgs = new ArrayList<>(List.of("run", scenario.toString(), "--out",
        dir.resolve("jar.json").toString()));
    jarArgs.addAll(options);
    String jarSummary = run(java(jarArgs.toArray(String[]::new)));
    List<String> imageArgs = new ArrayList<>(List.of("run", "/work/chain-3.yaml", "--out",
        "/work/image.json"));
    imageArgs.addAll(options);
    String imageSummary = run(container(List.of("-v", dir + ":/work"),
        imageArgs.toArray(String[]::new)));

    ObjectMapper json = new ObjectMapper();
    JsonNode fromJar = json.readTree(dir.resolve("jar.json").toFile());
    JsonNode fromImage = json.readTree(dir.resolve("image.json").toFile());
    assertTrue(fromJar.at("/outcome/events").asLong() > 1000, fromJar.toString());
    assertEquals(fromJar.get("outcome"), fromImage.get("outcome"));
    assertEquals(3, fromImage.at("/performance/lps_per_member").size());
    List<String> flows = flowLines(jarSummary);
    assertFalse(flows.isEmpty(), jarSummary);
    assertEquals(flows, flowLines(imageSummary));
  }

  /** The summary's deterministic lines: one per flow (the others hold wall times and paths). */
  private static List<String> flowLines(String summary) {
    return summary.lines().filter(l -> l.startsWith("flow ")).toList();
  }

  private static List<String> container(List<String> runOptions, String... args) {
    List<String> command = new ArrayList<>(podman("run", "--rm", "--network", "none"));
    command.addAll(runOptions);
    command.add(image);
    command.addAll(List.of(args));
    return command;
  }

  private static List<String> podman(String... args) {
    List<String> command = new ArrayList<>(PODMAN);
    command.addAll(List.of(args));
    return command;
  }

  private static List<String> java(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseParallelGC", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return command;
  }

  private static boolean onPath(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
        return true;
      }
    }
    return false;
  }

  /** Runs a command to its end; its standard output, or a failure with everything it said. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("qbone-image-test", ".out");
    Path err = Files.createTempFile("qbone-image-test", ".err");
    try {
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(LIMIT_S, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", command) + ": still running after " + LIMIT_S + " s");
      }
      String printed = Files.readString(out, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + printed
          + Files.readString(err));
      return printed;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
