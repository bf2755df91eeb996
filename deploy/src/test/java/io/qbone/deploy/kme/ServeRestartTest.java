package io.qbone.deploy.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.qkd.kme.KmeDirectory.LinkId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills {@code qbone serve} (SIGKILL) while SAEs fetch keys, restarts it on the same H2 journal,
 * and checks that every key a master received can still be fetched by its slave, none twice, and
 * that no key material was handed out twice or invented.
 */
class ServeRestartTest {
  private static final long SEED = 5;
  private static final double RATE_BPS = 256_000; // 1000 keys of 256 bits per virtual second
  private static final Pattern READY = Pattern.compile("KME API on https://127\\.0\\.0\\.1:(\\d+)/");

  @TempDir
  Path dir;

  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void killedServeLosesNoKeyAndDeliversNoneTwice() throws Exception {
    DevPki pki = new DevPki();
    store(pki.serverIdentity(), dir.resolve("kme.p12"));
    store(pki.trustStore(), dir.resolve("ca.p12"));
    Path scenario = dir.resolve("kme.yaml");
    Files.writeString(scenario, String.join("\n",
        "qbone: 1", "name: kme-restart", "seed: " + SEED, "duration_s: 100000",
        "nodes:", "  - {name: A, kind: end}", "  - {name: B, kind: end}",
        "links:", "  - {a: A, b: B, length_km: 10}",
        "kme:", "  key_size: 256", "  material_bps: " + (long) RATE_BPS,
        "  saes:", "    - {id: alice, node: A}", "    - {id: bob, node: B}",
        "  pairs:", "    - [alice, bob]", ""));

    int port = startServe(scenario, "first");
    SaeClient alice = SaeClient.of(pki, "alice", port);
    SaeClient bob = SaeClient.of(pki, "bob", port);
    Poll.until("key material in the first run", Duration.ofSeconds(60), () ->
        alice.get("bob", "status").body().path("stored_key_count").asLong() >= 50);

    // Traffic: alice fetches keys, bob fetches every other batch, until the server dies.
    Map<UUID, byte[]> masterGot = new LinkedHashMap<>();
    Map<UUID, byte[]> slaveGot = new HashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
      try {
        for (int i = 0; !stop.get(); i++) {
          SaeClient.Answer enc = alice.encKeys("bob", 1 + i % 4, 256);
          if (enc.status() != 200) {
            continue; // 503 while the store refills
          }
          synchronized (masterGot) {
            for (int k = 0; k < enc.keyIds().size(); k++) {
              masterGot.put(enc.keyIds().get(k), enc.keys().get(k));
            }
          }
          if (i % 2 == 0) {
            SaeClient.Answer dec = bob.decKeys("alice", enc.keyIds());
            assertEquals(200, dec.status(), dec.body().toString());
            synchronized (masterGot) {
              for (int k = 0; k < dec.keyIds().size(); k++) {
                slaveGot.put(dec.keyIds().get(k), dec.keys().get(k));
              }
            }
          }
        }
      } catch (IOException | InterruptedException e) {
        // The server was killed under us: the end of the first run's traffic.
      }
    });
    Poll.until("400 keys delivered to the master", Duration.ofSeconds(120), () -> {
      synchronized (masterGot) {
        return masterGot.size() >= 400;
      }
    });
    Process first = processes.get(0);
    first.destroyForcibly(); // SIGKILL, mid-traffic
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    stop.set(true);
    traffic.get(60, TimeUnit.SECONDS);

    int port2 = startServe(scenario, "second");
    SaeClient alice2 = SaeClient.of(pki, "alice", port2);
    SaeClient bob2 = SaeClient.of(pki, "bob", port2);
    Set<UUID> allIds = new HashSet<>(masterGot.keySet());
    List<byte[]> allKeys = new ArrayList<>(masterGot.values());
    // Every key the master got and the slave did not is still there, once.
    int recovered = 0;
    for (var e : masterGot.entrySet()) {
      SaeClient.Answer dec = bob2.decKeys("alice", List.of(e.getKey()));
      if (slaveGot.containsKey(e.getKey())) {
        assertEquals(400, dec.status(), "delivered twice: " + e.getKey());
      } else {
        assertEquals(200, dec.status(), "lost: " + e.getKey() + " " + dec.body());
        assertArrayEquals(e.getValue(), dec.keys().get(0));
        assertEquals(400, bob2.decKeys("alice", List.of(e.getKey())).status());
        recovered++;
      }
    }
    assertTrue(recovered > 0 && !slaveGot.isEmpty(), recovered + " / " + slaveGot.size());
    // New keys after the restart are new IDs and new material.
    Poll.until("new keys after the restart", Duration.ofSeconds(60), () ->
        alice2.get("bob", "status").body().path("stored_key_count").asLong() >= 8);
    SaeClient.Answer after = alice2.encKeys("bob", 8, 256);
    assertEquals(200, after.status(), after.body().toString());
    for (int k = 0; k < 8; k++) {
      assertTrue(allIds.add(after.keyIds().get(k)), "key ID reused after restart");
      allKeys.add(after.keys().get(k));
    }
    assertEachKeyIsADistinctSliceOfTheFedMaterial(allKeys);
  }

  /**
   * The stand-in feed is deterministic, so the material is known: every key must be one of its
   * 32-byte slices (nothing invented), and no slice may serve two keys (nothing reused).
   */
  private static void assertEachKeyIsADistinctSliceOfTheFedMaterial(List<byte[]> keys) {
    KmeKeyFeed.PairStream stream = new KmeKeyFeed.PairStream(SEED, new LinkId(0, 1), RATE_BPS);
    Map<String, Integer> sliceIndex = new HashMap<>();
    byte[] pending = new byte[0];
    int slices = 0;
    Base64.Encoder b64 = Base64.getEncoder();
    while (slices < 400_000) { // 12.8 MB of material: far more than the runs produced
      byte[] block = stream.next().bits();
      byte[] joined = new byte[pending.length + block.length];
      System.arraycopy(pending, 0, joined, 0, pending.length);
      System.arraycopy(block, 0, joined, pending.length, block.length);
      int whole = joined.length / 32;
      for (int s = 0; s < whole; s++) {
        byte[] slice = new byte[32];
        System.arraycopy(joined, s * 32, slice, 0, 32);
        sliceIndex.putIfAbsent(b64.encodeToString(slice), slices++);
      }
      pending = java.util.Arrays.copyOfRange(joined, whole * 32, joined.length);
    }
    Set<Integer> used = new HashSet<>();
    for (byte[] key : keys) {
      Integer index = sliceIndex.get(b64.encodeToString(key));
      assertNotNull(index, "a key that is no slice of the fed material");
      assertTrue(used.add(index), "material slice " + index + " handed out twice");
    }
  }

  private int startServe(Path scenario, String name) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), "io.qbone.deploy.cli.QboneCli", "serve",
        scenario.toString(), "--port", "0", "--speed", "1",
        "--keystore", dir.resolve("kme.p12").toString(),
        "--truststore", dir.resolve("ca.p12").toString(),
        "--journal", dir.resolve("journal").toString())
        .redirectError(dir.resolve(name + ".err").toFile());
    Process p = builder.start();
    processes.add(p);
    CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          Matcher m = READY.matcher(line);
          if (m.find()) {
            int found = Integer.parseInt(m.group(1));
            // Keep draining stdout so the process never blocks on a full pipe.
            CompletableFuture.runAsync(() -> out.lines().forEach(l -> { }));
            return found;
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      throw new IllegalStateException("serve ended before listening");
    });
    try {
      return port.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("serve (" + name + ") did not start: "
          + Files.readString(dir.resolve(name + ".err")), e);
    }
  }

  private static void store(KeyStore keyStore, Path file) throws Exception {
    try (OutputStream out = Files.newOutputStream(file)) {
      keyStore.store(out, DevPki.PASSWORD);
    }
  }
}
