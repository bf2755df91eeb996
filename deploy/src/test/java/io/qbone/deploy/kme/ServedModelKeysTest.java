package io.qbone.deploy.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.RunHooks;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.KmeSectionReader;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.qkd.kme.KmeDirectory.LinkId;
import io.qbone.qkd.pool.KeyMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring of {@code qbone serve} on scenarios/kme-metro.yaml (shortened to two virtual
 * seconds): the QKD model's demand keys feed the KMEs through {@link ModelKeyFeed}; each key a
 * master gets from enc_keys is, bit for bit, what its slave gets from dec_keys and the key the
 * model delivered to the pair's demand, in delivery order; a re-run from the same seed adds
 * nothing the KMEs already hold (checked with a marker block sent after it). Mutating the
 * feed's block IDs to differ between runs makes this test fail.
 */
class ServedModelKeysTest {
  private static final int KEY_BITS = 256;
  private static final int BATCH = 128; // kme.max_key_per_request of kme-metro

  @TempDir
  Path dir;

  @Test
  void mastersAndSlavesGetTheModelsKeysBitForBit() throws Exception {
    Path file = dir.resolve("kme-metro.yaml");
    String metro = Files.readString(Path.of("../scenarios/kme-metro.yaml"));
    assertTrue(metro.contains("duration_s: 86400"), "kme-metro runs a virtual day");
    Files.writeString(file, metro.replace("duration_s: 86400", "duration_s: 2"));
    Scenario scenario = ScenarioLoader.load(file);
    KmeSection section = KmeSectionReader.read(file, scenario);
    // hq-dc (index 0) feeds alice-bob (one QKD link), hq-branch (1) alice-carol (relayed by dc).
    assertEquals(Map.of(0, new LinkId(0, 1), 1, new LinkId(0, 2)), section.feeds());

    DevPki pki = new DevPki();
    KmeService kme = KmeService.start(section.directory(), section.limits(), scenario.seed(),
        KmeJournal.h2(dir.resolve("journal")));
    try (KmeHttpServer server = KmeHttpServer.start(kme,
        new KmeApi(kme, section.limits().keySizeBits()),
        KmeTls.context(pki.serverIdentity(), DevPki.PASSWORD, pki.trustStore()), 0)) {
      List<KeyMaterial> produced = runModel(scenario, new ModelKeyFeed(section, kme.sink()));
      SaeClient alice = SaeClient.of(pki, "alice", server.port());
      for (var pair : List.of(new Object[] {0, "bob"}, new Object[] {1, "carol"})) {
        List<byte[]> modelKeys = keysOfDemand(produced, (int) pair[0]);
        String slave = (String) pair[1];
        assertTrue(modelKeys.size() > 100, slave + ": the model delivered " + modelKeys.size());
        Poll.until("every model key of alice-" + slave + " stored", Duration.ofSeconds(60), () ->
            alice.get(slave, "status").body().path("stored_key_count").asLong()
                == modelKeys.size());
        List<byte[]> masterGot = fetchAll(alice, SaeClient.of(pki, slave, server.port()), slave,
            modelKeys.size());
        for (int i = 0; i < modelKeys.size(); i++) {
          assertArrayEquals(modelKeys.get(i), masterGot.get(i),
              "alice-" + slave + " key " + i + " is the model's key " + i);
        }
        assertEquals(503, alice.encKeys(slave, 1, KEY_BITS).status(), "all keys handed out");
      }
      assertFalse(java.util.Arrays.equals(keysOfDemand(produced, 0).get(0),
          keysOfDemand(produced, 1).get(0)), "the two pairs get different keys");

      // A restarted serve re-runs the model from the seed: every block it re-delivers is one
      // the KMEs already stored, so nothing comes back.
      List<KeyMaterial> again = runModel(scenario, new ModelKeyFeed(section, kme.sink()));
      assertEquals(produced.size(), again.size());
      for (int i = 0; i < produced.size(); i++) {
        assertEquals(produced.get(i), again.get(i), "the re-run delivers the same block " + i);
      }
      // The store takes blocks in the order they were sent, so once a marker block sent after
      // the re-run is stored, every re-delivered block has been seen (and must have been dropped).
      for (var pair : List.of(new Object[] {new LinkId(0, 1), 0, "bob"},
          new Object[] {new LinkId(0, 2), 1, "carol"})) {
        LinkId link = (LinkId) pair[0];
        String slave = (String) pair[2];
        byte[] marker = new byte[KEY_BITS / 8];
        java.util.Arrays.fill(marker, (byte) 0x5a);
        kme.sink().accept(new KeyMaterial(link.nodeA(), link.nodeB(), 0,
            keysOfDemand(produced, (int) pair[1]).size(), marker));
        Poll.until("the marker after the re-run of alice-" + slave, Duration.ofSeconds(60), () ->
            alice.get(slave, "status").body().path("stored_key_count").asLong() > 0);
        assertEquals(1, alice.get(slave, "status").body().path("stored_key_count").asLong(),
            "the re-run stored blocks again");
        assertArrayEquals(marker, alice.encKeys(slave, 1, KEY_BITS).keys().get(0));
      }
    } finally {
      kme.close();
    }
  }

  /** Runs the scenario unpaced, feeding {@code feed}; returns every key block it produced. */
  private static List<KeyMaterial> runModel(Scenario scenario, ModelKeyFeed feed)
      throws Exception {
    List<KeyMaterial> produced = new ArrayList<>();
    ScenarioRunner.run(scenario, PlanBuilder.build(scenario), new RunOptions(1, 2, 0, false),
        RunHooks.none().withKeys(m -> {
          synchronized (produced) {
            produced.add(m);
          }
          feed.accept(m);
        }));
    synchronized (produced) {
      return List.copyOf(produced);
    }
  }

  /** The key bits the model delivered to demand {@code d}, in delivery order. */
  private static List<byte[]> keysOfDemand(List<KeyMaterial> produced, int d) {
    List<byte[]> keys = new ArrayList<>();
    for (KeyMaterial m : produced) {
      if (ModelKeyFeed.demandOf(m) == d) {
        assertEquals(KEY_BITS / 8, m.bits().length);
        keys.add(m.bits());
      }
    }
    return keys;
  }

  /**
   * Takes {@code count} keys as alice (master) in batches and has {@code slave} fetch each batch
   * by ID; the two must agree bit for bit. Returns the master's keys in issue order.
   */
  private static List<byte[]> fetchAll(SaeClient master, SaeClient slaveClient, String slave,
      int count) throws Exception {
    List<byte[]> got = new ArrayList<>();
    while (got.size() < count) {
      SaeClient.Answer enc = master.encKeys(slave, Math.min(BATCH, count - got.size()), KEY_BITS);
      assertEquals(200, enc.status(), enc.body().toString());
      List<UUID> ids = enc.keyIds();
      SaeClient.Answer dec = slaveClient.decKeys("alice", ids);
      assertEquals(200, dec.status(), dec.body().toString());
      assertEquals(ids, dec.keyIds());
      for (int k = 0; k < ids.size(); k++) {
        assertArrayEquals(enc.keys().get(k), dec.keys().get(k), "master and slave key " + k);
      }
      got.addAll(enc.keys());
    }
    return got;
  }
}
