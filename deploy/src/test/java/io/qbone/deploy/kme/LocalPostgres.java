package io.qbone.deploy.kme;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for a test: initdb in a fresh directory, listening on 127.0.0.1
 * only, trust authentication for user {@code qbone}. As root, the server runs as the
 * {@code postgres} account (PostgreSQL refuses to run as root).
 */
final class LocalPostgres implements AutoCloseable {
  private final Path bin;
  private final Path data;
  private final boolean asPostgresUser;
  final int port;

  private LocalPostgres(Path bin, Path data, boolean asPostgresUser, int port) {
    this.bin = bin;
    this.data = data;
    this.asPostgresUser = asPostgresUser;
    this.port = port;
  }

  /** The directory holding initdb and pg_ctl: on the PATH or Debian's /usr/lib/postgresql/N/bin. */
  static Optional<Path> binaries() throws IOException {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))) {
        return Optional.of(Path.of(dir, "initdb").toRealPath().getParent());
      }
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(debian)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(debian)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.naturalOrder());
    }
  }

  static LocalPostgres start(Path bin) throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path data = Files.createTempDirectory("qbone-pg");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    LocalPostgres pg = new LocalPostgres(bin, data, root, port);
    if (root) {
      run(List.of("chown", "postgres", data.toString()));
    }
    pg.run(pg.command("initdb", "-D", data.resolve("db").toString(), "-U", "qbone",
        "--auth=trust", "-E", "UTF8"));
    pg.run(pg.command("pg_ctl", "-D", data.resolve("db").toString(), "-w", "-t", "60",
        "-l", data.resolve("log").toString(),
        "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + data, "start"));
    return pg;
  }

  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  private List<String> command(String tool, String... args) {
    List<String> cmd = new ArrayList<>();
    if (asPostgresUser) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  private static void run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      run(command("pg_ctl", "-D", data.resolve("db").toString(), "-w", "-m", "fast", "stop"));
    } finally {
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
