package io.qbone.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** Renders k8s/ with {@code kubectl kustomize} and reads the objects it prints. */
final class Kustomize {
  /** k8s/ of the repository (tests run in deploy/). */
  static final Path K8S = Path.of("..", "k8s");
  /** The oldest kustomize that has replacements (the overlays use them). */
  private static final int[] OLDEST = {4, 1};
  private static final ObjectMapper JSON = new ObjectMapper();

  private Kustomize() {}

  /** Why k8s/ cannot be rendered here, or null when it can. */
  static String unavailableBecause() {
    String version;
    try {
      version = run(List.of("kubectl", "version", "--client", "-o", "json"));
    } catch (IOException e) {
      return "no kubectl on the PATH (.ci/run installs Debian's kubernetes-client)";
    }
    String kustomize;
    try {
      kustomize = JSON.readTree(version).path("kustomizeVersion").asText("");
    } catch (IOException e) {
      return "kubectl version printed no JSON: " + version;
    }
    String[] parts = kustomize.replaceFirst("^v", "").split("\\.");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      if (major < OLDEST[0] || (major == OLDEST[0] && minor < OLDEST[1])) {
        return "kubectl embeds kustomize " + kustomize + "; k8s/ needs 4.1 or newer "
            + "(replacements): kubectl 1.22 or newer";
      }
    } catch (NumberFormatException e) {
      return "kubectl names no kustomize version it embeds: " + version;
    }
    return null;
  }

  /** The objects {@code kubectl kustomize DIR} prints, in its order. */
  static List<JsonNode> render(Path dir) throws IOException {
    return parse(run(List.of("kubectl", "kustomize", dir.toString())));
  }

  /** Every document of a multi-document YAML text, as JSON trees. */
  static List<JsonNode> parse(String yaml) {
    List<JsonNode> objects = new ArrayList<>();
    for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
      if (doc != null) {
        objects.add(JSON.valueToTree(doc));
      }
    }
    return objects;
  }

  static List<JsonNode> read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  private static String run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return e.toString();
      }
    });
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + ": still running after 120 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": "
          + err.join());
    }
    return out;
  }
}
