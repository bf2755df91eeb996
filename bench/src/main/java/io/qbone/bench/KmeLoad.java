package io.qbone.bench;

import io.qbone.deploy.kme.DevPki;
import io.qbone.deploy.kme.KmeApi;
import io.qbone.deploy.kme.KmeHttpServer;
import io.qbone.deploy.kme.KmeJournal;
import io.qbone.deploy.kme.KmeService;
import io.qbone.deploy.kme.KmeTls;
import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeLimits;
import io.qbone.qkd.pool.KeyMaterial;
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
 * [seconds=20] [pairs=4] [clientsPerPair=2]} (bench/kme-load.sh builds and runs it).
 */
public final class KmeLoad {
  private static final Pattern KEY_ID = Pattern.compile("\"key_ID\":\"([0-9a-f-]{36})\"");

  private KmeLoad() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int clientsPerPair = args.length > 2 ? Integer.parseInt(args[2]) : 2;

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
      // Enough key for the whole run: 64 MB per pair is 2 million 256-bit keys.
      SplittableRandom random = new SplittableRandom(1);
      for (int p = 0; p < pairs; p++) {
        for (int block = 0; block < 64; block++) {
          byte[] bits = new byte[1 << 20];
          random.nextBytes(bits);
          kme.sink().accept(new KeyMaterial(2 * p, 2 * p + 1, block, block, bits));
        }
      }
      String base = "https://127.0.0.1:" + server.port() + "/api/v1/keys/";
      waitForStock(pki, base, pairs);
      if (System.getenv("KME_STATUS_PROBE") != null) {
        HttpClient c = client(pki, "m0");
        HttpRequest status = HttpRequest.newBuilder(URI.create(base + "s0/status")).build();
        long[] t = new long[200];
        for (int i = 0; i < t.length; i++) {
          long t0 = System.nanoTime();
          c.send(status, HttpResponse.BodyHandlers.ofString());
          t[i] = System.nanoTime() - t0;
        }
        print("status", t);
      }

      int clients = pairs * clientsPerPair;
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      // Warm-up: the same load for a quarter of the time, discarded (JIT, connection set-up).
      List<HttpClient[]> sae = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        sae.add(new HttpClient[] {client(pki, "m" + c % pairs), client(pki, "s" + c % pairs)});
      }
      long warmEnd = System.nanoTime() + seconds * 250_000_000L;
      List<Future<long[][]>> warm = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int p = c % pairs;
        HttpClient[] ms = sae.get(c);
        warm.add(pool.submit(() -> run(ms[0], ms[1], base, p, warmEnd)));
      }
      for (Future<long[][]> f : warm) {
        f.get();
      }
      List<Future<long[][]>> results = new ArrayList<>();
      var os = (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long cpuStart = os.getProcessCpuTime();
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      for (int c = 0; c < clients; c++) {
        int p = c % pairs;
        HttpClient[] ms = sae.get(c);
        results.add(pool.submit(() -> run(ms[0], ms[1], base, p, end)));
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
      pool.shutdown();
      long requests = enc.length + dec.length;
      System.out.printf("clients %d over %d SAE pairs, %.1f s: %d key requests, %.0f requests/s%n",
          clients, pairs, wall, requests, requests / wall);
      // Clients and server share this JVM, so this CPU time covers both ends of each request.
      System.out.printf("  CPU %.1f s (client + server), %.3f ms per request; machine load %.1f"
              + " on %d cores%n", cpu, 1000 * cpu / requests, os.getSystemLoadAverage(),
          os.getAvailableProcessors());
      print("enc_keys", enc);
      print("dec_keys", dec);
      long[] all = concat(enc, dec);
      print("all", all);
    }
  }

  private static long[][] run(HttpClient master, HttpClient slave, String base, int pair,
      long end) throws Exception {
    long[] enc = new long[1 << 20];
    long[] dec = new long[1 << 20];
    int n = 0;
    HttpRequest encRequest = HttpRequest.newBuilder(URI.create(base + "s" + pair + "/enc_keys"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"number\":1,\"size\":256}")).build();
    URI decUri = URI.create(base + "m" + pair + "/dec_keys");
    while (System.nanoTime() < end && n < enc.length) {
      long t0 = System.nanoTime();
      HttpResponse<String> e = master.send(encRequest, HttpResponse.BodyHandlers.ofString());
      long t1 = System.nanoTime();
      if (e.statusCode() != 200) {
        throw new IllegalStateException("enc_keys: " + e.statusCode() + " " + e.body());
      }
      Matcher m = KEY_ID.matcher(e.body());
      m.find();
      HttpResponse<String> d = slave.send(HttpRequest.newBuilder(decUri)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"key_IDs\":[{\"key_ID\":\"" + m.group(1) + "\"}]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      long t2 = System.nanoTime();
      if (d.statusCode() != 200) {
        throw new IllegalStateException("dec_keys: " + d.statusCode() + " " + d.body());
      }
      enc[n] = t1 - t0;
      dec[n] = t2 - t1;
      n++;
    }
    return new long[][] {Arrays.copyOf(enc, n), Arrays.copyOf(dec, n)};
  }

  private static void waitForStock(DevPki pki, String base, int pairs) throws Exception {
    for (int p = 0; p < pairs; p++) {
      HttpClient c = client(pki, "m" + p);
      HttpRequest status = HttpRequest.newBuilder(URI.create(base + "s" + p + "/status")).build();
      while (!c.send(status, HttpResponse.BodyHandlers.ofString()).body()
          .contains("\"stored_key_count\":2097152")) {
        Thread.onSpinWait();
      }
    }
  }

  private static HttpClient client(DevPki pki, String sae) throws Exception {
    SSLContext tls = KmeTls.context(pki.saeIdentity(sae), DevPki.PASSWORD, pki.trustStore());
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();
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
}
