package io.qbone.bench;

import com.sun.management.OperatingSystemMXBean;
import io.qbone.deploy.kme.DevPki;
import io.qbone.deploy.kme.KmeApi;
import io.qbone.deploy.kme.KmeHttpServer;
import io.qbone.deploy.kme.KmeJournal;
import io.qbone.deploy.kme.KmeService;
import io.qbone.deploy.kme.KmeTls;
import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeLimits;
import io.qbone.qkd.pool.KeyMaterial;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Load on the KME API over loopback HTTPS with client certificates, journaling to H2: each client
 * is a master SAE that fetches one 256-bit key (POST enc_keys) and whose slave then fetches it
 * (POST dec_keys), as fast as it can; every request is one key request. Prints requests/s and
 * the latency percentiles of both request kinds (docs/performance.md).
 *
 * <p>Run: {@code java -cp bench/target/classes:$(cat bench/target/cp.txt) io.qbone.bench.KmeLoad
 * [seconds=20] [pairs=4] [clientsPerPair=2] [minWarmUpSeconds=20]} (bench/kme-load.sh builds
 * and runs it). Each SAE keeps one TLS connection ({@link KeepAliveHttpsClient});
 * {@code KME_CLIENT=jdk} uses the JDK HttpClient instead.
 */
public final class KmeLoad {
  private static final String PATH = "/api/v1/keys/";
  private static final int STOCK_MIB = 16;
  private static final long STEP_NANOS = 10_000_000_000L;
  /** The warm-up ends when the JIT takes less than this share of the CPU over a step. */
  private static final double SETTLED_JIT_SHARE = 0.03;
  private static final long MAX_WARM_UP_S = 300;
  private static final Pattern KEY_ID = Pattern.compile("\"key_ID\":\"([0-9a-f-]{36})\"");

  private KmeLoad() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int clientsPerPair = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int warmUpSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;

    List<String> nodes = new ArrayList<>();
    Map<String, Integer> saes = new HashMap<>();
    List<List<String>> served = new ArrayList<>();
    for (int p = 0; p < pairs; p++) {
      nodes.add("n" + 2 * p);
      nodes.add("n" + (2 * p + 1));
      saes.put("m" + p, 2 * p);
      saes.put("s" + p, 2 * p + 1);
      served.add(List.of("m" + p, "s" + p));
    }
    KmeLimits limits = new KmeLimits(256, 64, 4096, 128, 1L << 33);
    Path db = Files.createTempDirectory("qbone-kme-bench");
    DevPki pki = new DevPki();
    try (KmeService kme = KmeService.start(new KmeDirectory(nodes, saes, served), limits, 1,
            KmeJournal.h2(db.resolve("kme")));
        KmeHttpServer server = KmeHttpServer.start(kme, new KmeApi(kme, 256),
            KmeTls.context(pki.serverIdentity(), DevPki.PASSWORD, pki.trustStore()), 0)) {
      // Enough key for the whole run: 16 MiB per pair is 524,288 256-bit keys, over 10 minutes
      // at 5,000 requests/s over 4 pairs (two requests per key). More only makes the journal
      // and heap larger before the first request.
      long stockStart = System.nanoTime();
      SplittableRandom random = new SplittableRandom(1);
      for (int p = 0; p < pairs; p++) {
        for (int block = 0; block < STOCK_MIB; block++) {
          byte[] bits = new byte[1 << 20];
          random.nextBytes(bits);
          kme.sink().accept(new KeyMaterial(2 * p, 2 * p + 1, block, block, bits));
        }
      }
      int port = server.port();
      waitForStock(pki, port, pairs);
      // A mark for profilers attached from outside (perf, jcmd): the load starts now.
      System.out.printf("stocked %d MiB in %.1f s; warm-up of at least %d s until the JIT has"
              + " settled, then measuring %d s%n", pairs * STOCK_MIB,
          (System.nanoTime() - stockStart) / 1e9, warmUpSeconds, seconds);

      int clients = pairs * clientsPerPair;
      // Daemon threads: a failed request ends the run instead of leaving the JVM waiting.
      ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
        Thread t = new Thread(r, "client");
        t.setDaemon(true);
        return t;
      });
      // Warm-up: the same load, discarded, until the JIT has settled (see warmUp).
      List<SaeClient[]> sae = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        sae.add(new SaeClient[] {client(pki, "m" + c % pairs, port),
            client(pki, "s" + c % pairs, port)});
      }
      LongAdder completed = new LongAdder();
      var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      AtomicLong warmEnd = new AtomicLong(Long.MAX_VALUE);
      List<Future<long[][]>> warm = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int p = c % pairs;
        SaeClient[] ms = sae.get(c);
        warm.add(pool.submit(() -> run(ms[0], ms[1], p, warmEnd, completed)));
      }
      warmUp(completed, os, warmUpSeconds);
      warmEnd.set(System.nanoTime());
      for (Future<long[][]> f : warm) {
        f.get();
      }
      List<Future<long[][]>> results = new ArrayList<>();
      ThreadCpu threads = new ThreadCpu(KmeLoad::role);
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      AtomicLong end = new AtomicLong(start + seconds * 1_000_000_000L);
      for (int c = 0; c < clients; c++) {
        int p = c % pairs;
        SaeClient[] ms = sae.get(c);
        results.add(pool.submit(() -> run(ms[0], ms[1], p, end, completed)));
      }
      for (long from = start; from < end.get(); from += STEP_NANOS) {
        Step step = Step.measure(completed, os, Math.min(end.get(), from + STEP_NANOS));
        System.out.printf("  %3d-%3d s: %s%n", (from - start) / 1_000_000_000L,
            (Math.min(end.get(), from + STEP_NANOS) - start) / 1_000_000_000L, step);
      }
      long[] enc = new long[0];
      long[] dec = new long[0];
      for (Future<long[][]> f : results) {
        long[][] r = f.get();
        enc = concat(enc, r[0]);
        dec = concat(dec, r[1]);
      }
      double wall = (System.nanoTime() - start) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpuStart) / 1e9;
      // Per thread: the KME's threads (actors, HTTP, journal) versus the load generator's; the
      // rest of the process time is the JVM's own (JIT, GC).
      Map<String, Long> split = threads.nanosSinceStart();
      double kmeCpu = split.getOrDefault("server", 0L) / 1e9;
      double clientCpu = split.getOrDefault("client", 0L) / 1e9;
      pool.shutdown();
      long requests = enc.length + dec.length;
      System.out.printf("clients %d over %d SAE pairs, %.1f s: %d key requests, %.0f requests/s%n",
          clients, pairs, wall, requests, requests / wall);
      // Clients and server share this JVM, so this CPU time covers both ends of each request.
      System.out.printf("  CPU %.1f s (client + server), %.3f ms per request; machine load %.1f"
              + " on %d cores%n", cpu, 1000 * cpu / requests, os.getSystemLoadAverage(),
          os.getAvailableProcessors());
      double jitCpu = split.getOrDefault("jit", 0L) / 1e9;
      double gcCpu = split.getOrDefault("gc", 0L) / 1e9;
      System.out.printf("  CPU per request: KME server threads %.3f ms, client threads %.3f ms,"
              + " JIT %.3f ms, GC %.3f ms, rest %.3f ms%n", 1000 * kmeCpu / requests,
          1000 * clientCpu / requests, 1000 * jitCpu / requests, 1000 * gcCpu / requests,
          1000 * (cpu - kmeCpu - clientCpu - jitCpu - gcCpu) / requests);
      print("enc_keys", enc);
      print("dec_keys", dec);
      long[] all = concat(enc, dec);
      print("all", all);
    } finally {
      deleteTree(db); // the journal of 16 MiB per pair and every commit: hundreds of MB
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * Runs the warm-up load for at least {@code minSeconds}, then on until the compilers take less
   * than {@link #SETTLED_JIT_SHARE} of the process's CPU over a step, or {@link #MAX_WARM_UP_S}.
   * The compiler threads share the 2 cores with hundreds of busy client threads, so compiling the
   * hot paths takes minutes, not seconds, and until it is done a request costs up to twice the
   * instructions: measuring earlier measures the JIT, not the KME.
   */
  private static void warmUp(LongAdder completed, OperatingSystemMXBean os, int minSeconds)
      throws InterruptedException {
    long start = System.nanoTime();
    for (int s = 0; ; s += STEP_NANOS / 1_000_000_000L) {
      Step step = Step.measure(completed, os, System.nanoTime() + STEP_NANOS);
      System.out.printf("  warm-up %3d s: %s%n", s + STEP_NANOS / 1_000_000_000L, step);
      long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
      if (elapsed >= MAX_WARM_UP_S
          || elapsed >= minSeconds && step.jitShare() < SETTLED_JIT_SHARE) {
        return;
      }
    }
  }

  /** One step of load: its requests/s, process CPU per request and the compilers' CPU share. */
  private record Step(double requestsPerSecond, double cpuMsPerRequest, double jitShare) {
    static Step measure(LongAdder completed, OperatingSystemMXBean os, long until)
        throws InterruptedException {
      long from = System.nanoTime();
      long count = completed.sum();
      long cpu = os.getProcessCpuTime();
      ThreadCpu threads = new ThreadCpu(KmeLoad::role);
      TimeUnit.NANOSECONDS.sleep(until - from);
      long requests = Math.max(1, completed.sum() - count);
      long cpuNanos = Math.max(1, os.getProcessCpuTime() - cpu);
      long jitNanos = threads.nanosSinceStart().getOrDefault("jit", 0L);
      return new Step(requests * 1e9 / (System.nanoTime() - from), cpuNanos / 1e6 / requests,
          (double) jitNanos / cpuNanos);
    }

    @Override
    public String toString() {
      return String.format("%6.0f requests/s, CPU %.3f ms per request, JIT %4.1f %% of the CPU",
          requestsPerSecond, cpuMsPerRequest, 100 * jitShare);
    }
  }

  private static long[][] run(SaeClient master, SaeClient slave, int pair, AtomicLong end,
      LongAdder completed) throws Exception {
    // Grown as needed: a fixed million samples per client filled the heap with 100+ clients.
    long[] enc = new long[4096];
    long[] dec = new long[4096];
    int n = 0;
    String encPath = PATH + "s" + pair + "/enc_keys";
    String decPath = PATH + "m" + pair + "/dec_keys";
    while (System.nanoTime() < end.get()) {
      if (n == enc.length) {
        enc = Arrays.copyOf(enc, 2 * n);
        dec = Arrays.copyOf(dec, 2 * n);
      }
      long t0 = System.nanoTime();
      KeepAliveHttpsClient.Response e = master.post(encPath, "{\"number\":1,\"size\":256}");
      long t1 = System.nanoTime();
      if (e.status() != 200) {
        throw new IllegalStateException("enc_keys: " + e.status() + " " + e.body());
      }
      Matcher m = KEY_ID.matcher(e.body());
      if (!m.find()) {
        throw new IllegalStateException("enc_keys: no key_ID in " + e.body());
      }
      KeepAliveHttpsClient.Response d = slave.post(decPath,
          "{\"key_IDs\":[{\"key_ID\":\"" + m.group(1) + "\"}]}");
      long t2 = System.nanoTime();
      if (d.status() != 200 || !d.body().contains(m.group(1))) {
        throw new IllegalStateException("dec_keys: " + d.status() + " " + d.body());
      }
      enc[n] = t1 - t0;
      dec[n] = t2 - t1;
      n++;
      completed.add(2);
    }
    return new long[][] {Arrays.copyOf(enc, n), Arrays.copyOf(dec, n)};
  }

  /** One SAE's connection to the KME: the lean keep-alive client, or the JDK HttpClient. */
  private interface SaeClient {
    KeepAliveHttpsClient.Response post(String path, String json) throws Exception;
  }

  private static SaeClient client(DevPki pki, String sae, int port) throws Exception {
    SSLContext tls = KmeTls.context(pki.saeIdentity(sae), DevPki.PASSWORD, pki.trustStore());
    if ("jdk".equals(System.getenv("KME_CLIENT"))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .sslContext(tls).build();
      String base = "https://" + KmeHttpServer.HOST + ":" + port;
      return (path, json) -> {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
            HttpResponse.BodyHandlers.ofString());
        return new KeepAliveHttpsClient.Response(r.statusCode(), r.body());
      };
    }
    KeepAliveHttpsClient socket = new KeepAliveHttpsClient(tls, KmeHttpServer.HOST, port);
    return socket::post;
  }

  private static void waitForStock(DevPki pki, int port, int pairs) throws Exception {
    for (int p = 0; p < pairs; p++) {
      SSLContext tls = KmeTls.context(pki.saeIdentity("m" + p), DevPki.PASSWORD, pki.trustStore());
      try (var c = new KeepAliveHttpsClient(tls, KmeHttpServer.HOST, port)) {
        while (!c.get(PATH + "s" + p + "/status").body()
            .contains("\"stored_key_count\":" + STOCK_MIB * (1 << 20) * 8 / 256 + ",")) {
          Thread.onSpinWait();
        }
      }
    }
  }

  private static void print(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf("  %-8s n=%d p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, sorted.length,
        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * Whom a thread works for, by its Linux name: the KME (its actor system, HTTP server, journal
   * pool and H2), the load generator (the client threads, the JDK HttpClient's), or the JVM's
   * compilers and collector, which serve both.
   */
  private static String role(String thread) {
    String jvm = ThreadCpu.jvmRole(thread);
    if (jvm != null) {
      return jvm;
    }
    if (thread.startsWith("qbone-kme") || thread.startsWith("db-")
        || thread.startsWith("H2 ") || thread.startsWith("MVStore")) {
      return "server";
    }
    if (thread.equals("client") || thread.startsWith("HttpClient")) {
      return "client";
    }
    return "other";
  }
}
