package io.qbone.deploy.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.RunHooks;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
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
 * and checks that every key a master received can still be fetched by its slave, none twice; that
 * the restarted run's re-delivered blocks are not stored again; and that every key ever handed
 * out is a distinct one of the keys the QKD model delivered to the pair's demand (an independent
 * in-process run of the same scenario and seed gives them).
 */
class ServeRestartTest {
  private static final long SEED = 5;
  private static final int KEYS_PER_S = 200; // the demand's 256-bit keys per virtual second
  private static final double SPEED = 4;
  private static final int BATCH = 128;
  private static final Pattern READY = Pattern.compile("KME API on https://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern CATCH_UP =
      Pattern.compile("journal holds keys up to virtual t = ([0-9.]+) s");

  @TempDir
  Path dir;

  private final List<Process> processes = new ArrayList<>();
  /** Standard output of the restarted serve after its ready line. */
  private final List<String> secondOutput = java.util.Collections.synchronizedList(
      new ArrayList<>());

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
    // One 10 km decoy-BB84 link (built-in parameters, about 7 Mbit/s of secret key) and one
    // demand A->B that feeds alice-bob; 120 virtual s are 30 s of wall time at speed 4.
    Files.writeString(scenario, String.join("\n",
        "qbone: 1", "name: kme-restart", "seed: " + SEED, "duration_s: 120",
        "nodes:", "  - {name: A, kind: end}", "  - {name: B, kind: end}",
        "links:", "  - {a: A, b: B, length_km: 10}",
        "qkd:", "  block_bits: 1000000", "  tick_s: 0.1", "  links:", "    - {a: A, b: B}",
        "  demands:",
        "    - {from: A, to: B, key_bits: 256, rate_bps: " + KEYS_PER_S * 256 + "}",
        "kme:", "  key_size: 256",
        "  saes:", "    - {id: alice, node: A}", "    - {id: bob, node: B}",
        "  pairs:", "    - [alice, bob]", ""));

    int port = startServe(scenario, "first");
    SaeClient alice = SaeClient.of(pki, "alice", port);
    SaeClient bob = SaeClient.of(pki, "bob", port);
    Poll.until("key material in the first run", Duration.ofSeconds(120), () ->
        alice.get("bob", "status").body().path("stored_key_count").asLong() >= 50);

    // Traffic: alice fetches keys, bob fetches every other batch, until the server dies.
    Map<UUID, byte[]> masterGot = new LinkedHashMap<>();
    Map<UUID, byte[]> slaveGot = new HashMap<>();
    // The keys of the slave's latest dec_keys: if the kill fell after its event was journaled
    // but before the answer arrived, they were delivered and the slave never saw them.
    List<UUID> slaveAsked = new ArrayList<>();
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
            synchronized (masterGot) {
              slaveAsked.clear();
              slaveAsked.addAll(enc.keyIds());
            }
            SaeClient.Answer dec = bob.decKeys("alice", enc.keyIds());
            assertEquals(200, dec.status(), dec.body().toString());
            synchronized (masterGot) {
              for (int k = 0; k < dec.keyIds().size(); k++) {
                assertArrayEquals(enc.keys().get(k), dec.keys().get(k));
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
    // The restarted serve re-runs its model unpaced up to the journal's newest key, which the
    // killed run produced at a virtual time within the 120 s scenario.
    Poll.until("the catch-up announcement", Duration.ofSeconds(60), () ->
        secondOutput.stream().anyMatch(l -> CATCH_UP.matcher(l).find()));
    double catchUpS = secondOutput.stream().map(CATCH_UP::matcher).filter(Matcher::find)
        .mapToDouble(m -> Double.parseDouble(m.group(1))).findFirst().orElseThrow();
    assertTrue(catchUpS > 0 && catchUpS < 120, "catch up to " + catchUpS + " s");
    // The journal's store, before the restarted run has re-delivered anything new.
    long leftover = alice2.get("bob", "status").body().path("stored_key_count").asLong();
    assertTrue(leftover > 0, "the killed run left keys in the store");
    Map<UUID, byte[]> all = new LinkedHashMap<>(masterGot);
    // A dec_keys whose answer the kill cut off is one journal event for all its keys: they are
    // either all still waiting (200 now) or all delivered (400), never some of each.
    List<UUID> unanswered = slaveAsked.stream().filter(id -> !slaveGot.containsKey(id)).toList();
    List<Integer> unansweredStatus = new ArrayList<>();
    // Every key the master got and the slave did not is still there, once.
    int recovered = 0;
    for (var e : masterGot.entrySet()) {
      SaeClient.Answer dec = bob2.decKeys("alice", List.of(e.getKey()));
      if (slaveGot.containsKey(e.getKey())) {
        assertEquals(400, dec.status(), "delivered twice: " + e.getKey());
      } else if (unanswered.contains(e.getKey()) && dec.status() != 200) {
        assertEquals(400, dec.status(), dec.body().toString());
        unansweredStatus.add(400);
      } else {
        if (unanswered.contains(e.getKey())) {
          unansweredStatus.add(200);
        }
        assertEquals(200, dec.status(), "lost: " + e.getKey() + " " + dec.body());
        assertArrayEquals(e.getValue(), dec.keys().get(0));
        assertEquals(400, bob2.decKeys("alice", List.of(e.getKey())).status());
        recovered++;
      }
    }
    assertTrue(recovered > 0 && !slaveGot.isEmpty(), recovered + " / " + slaveGot.size());
    assertTrue(unansweredStatus.stream().distinct().count() <= 1,
        "an unanswered dec_keys was half delivered: " + unanswered + " " + unansweredStatus);

    // The restarted run re-delivers the blocks the journal holds (ignored), then new ones.
    Poll.until("new keys after the restart", Duration.ofSeconds(120), () ->
        alice2.get("bob", "status").body().path("stored_key_count").asLong() > leftover + 8);
    List<byte[]> afterRestart = new ArrayList<>();
    for (SaeClient.Answer enc; (enc = alice2.encKeys("bob", BATCH, 256)).status() == 200; ) {
      SaeClient.Answer dec = bob2.decKeys("alice", enc.keyIds());
      assertEquals(200, dec.status(), dec.body().toString());
      for (int k = 0; k < enc.keyIds().size(); k++) {
        assertArrayEquals(enc.keys().get(k), dec.keys().get(k), "master and slave differ");
        assertNull(all.put(enc.keyIds().get(k), enc.keys().get(k)), "key ID reused");
        afterRestart.add(enc.keys().get(k));
      }
    }
    assertTrue(afterRestart.size() > leftover + 8, afterRestart.size() + " after " + leftover);

    List<String> model = modelKeys(scenario);
    int lastBefore = assertDistinctModelKeys(model, List.copyOf(masterGot.values()), -1);
    assertDistinctModelKeys(model, afterRestart, lastBefore);
  }

  /** The demand's keys in the order the QKD model delivers them, Base64, for this scenario. */
  private static List<String> modelKeys(Path scenarioFile) throws Exception {
    Scenario scenario = ScenarioLoader.load(scenarioFile);
    List<String> keys = new ArrayList<>();
    ScenarioRunner.run(scenario, PlanBuilder.build(scenario), new RunOptions(1, 2, 0, false),
        RunHooks.none().withKeys(m -> {
          synchronized (keys) {
            keys.add(Base64.getEncoder().encodeToString(m.bits()));
          }
        }));
    synchronized (keys) {
      return List.copyOf(keys);
    }
  }

  /**
   * Every key is one of the model's (nothing invented), none serves twice (nothing re-added
   * after the restart), and they come in delivery order after the model key {@code after}.
   * Returns the last one's position.
   */
  private static int assertDistinctModelKeys(List<String> model, List<byte[]> keys, int after) {
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < model.size(); i++) {
      assertNull(position.put(model.get(i), i), "the model delivered one key twice");
    }
    Set<Integer> used = new HashSet<>();
    int last = after;
    for (byte[] key : keys) {
      Integer index = position.get(Base64.getEncoder().encodeToString(key));
      assertNotNull(index, "a key that the model never delivered");
      assertTrue(used.add(index), "model key " + index + " handed out twice");
      assertTrue(index > after, "model key " + index + " handed out again after the restart");
      last = Math.max(last, index);
    }
    return last;
  }

  private int startServe(Path scenario, String name) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), "io.qbone.deploy.cli.QboneCli", "serve",
        scenario.toString(), "--port", "0", "--speed", String.valueOf(SPEED),
        "--keystore", dir.resolve("kme.p12").toString(),
        "--truststore", dir.resolve("ca.p12").toString(),
        "--journal", dir.resolve("journal").toString())
        .redirectError(dir.resolve(name + ".err").toFile());
    Process p = builder.start();
    processes.add(p);
    // Read on until the ready line, then keep draining (into the catch-up check for the
    // restarted serve) so the process never blocks on a full pipe; the reader stays open.
    BufferedReader out = new BufferedReader(
        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    java.util.function.Consumer<String> rest =
        name.equals("second") ? secondOutput::add : ignored -> { };
    CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          Matcher m = READY.matcher(line);
          if (m.find()) {
            CompletableFuture.runAsync(() -> out.lines().forEach(rest));
            return Integer.parseInt(m.group(1));
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
