import io.qbone.deploy.scenario.ScenarioLoader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loader CPU time on very long lines (docs/scenario-reference.md, "Limits of the text"). Run
 * from the repository root after building: {@code java -XX:+UseSerialGC -Xmx3g -cp
 * deploy/target/qbone.jar scripts/ScenarioLoadTime.java}. Each file is loaded once in this JVM,
 * in a fixed order; the time is the loading thread's CPU time, so other load on the machine
 * matters less than for wall time.
 */
public class ScenarioLoadTime {
  static final String VALID = "qbone: 1\nname: t\nduration_s: 1\n"
      + "nodes:\n  - {name: a}\n  - {name: b}\nlinks:\n  - {a: a, b: b, length_km: 10}\n";

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("qbone-load-time");
    int mb = 8_000_000;
    StringBuilder flow = new StringBuilder("{qbone: 1, name: t, duration_s: 1, nodes: [");
    for (int i = 0; i < 200_000; i++) {
      flow.append(i > 0 ? ", " : "").append("{name: n").append(i).append('}');
    }
    flow.append("], links: []}\n");
    time(write(dir, "comment-8mb.yaml", VALID + "# " + "x".repeat(mb) + "\n"));
    time(write(dir, "scalar-8mb.yaml", VALID.replace("name: t", "name: " + "x".repeat(mb))));
    time(write(dir, "flow-200k-nodes.yaml", flow.toString()));
  }

  static Path write(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  static void time(Path f) throws IOException {
    var threads = ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    String outcome;
    try {
      outcome = "loaded, " + ScenarioLoader.load(f).nodes().size() + " nodes";
    } catch (RuntimeException e) {
      outcome = "refused" + e.getMessage().substring(f.toString().length());
    }
    System.out.printf("%-22s %,11d bytes  cpu %5.2f s  %s%n", f.getFileName(), Files.size(f),
        (threads.getCurrentThreadCpuTime() - cpu) / 1e9, outcome);
    Files.delete(f);
  }
}
