package io.qbone.deploy.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.qkd.pool.KeyMaterial;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ETSI GS QKD 014 API end to end: real HTTPS, client certificates, H2 journal. */
class KmeHttpsTest {
  @TempDir
  static Path dir;

  private static KmeNetwork net;
  private static SaeClient alice;
  private static SaeClient bob;
  private static SaeClient carol;
  private static SaeClient eve;
  /** Everything fed to the A-B pair, in order: the keys must be consecutive slices of it. */
  private static final ByteArrayOutputStream FED_AB = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    net = KmeNetwork.onH2(new DevPki(), dir);
    alice = net.client("alice");
    bob = net.client("bob");
    carol = net.client("carol");
    eve = net.client("eve");
    for (int id = 0; id < 100; id++) {
      KeyMaterial m = KmeNetwork.block(0, 1, id, 1000);
      FED_AB.write(m.bits());
      net.kme.sink().accept(m);
    }
    Poll.until("100 blocks stored", Duration.ofSeconds(30), () ->
        alice.get("bob", "status").body().path("stored_key_count").asLong() == 100 * 1000 / 32);
  }

  @AfterAll
  static void stop() throws Exception {
    net.close();
  }

  @Test
  void statusEncKeysDecKeysRoundTrip() throws Exception {
    SaeClient.Answer status = alice.get("bob", "status");
    assertEquals(200, status.status());
    assertEquals("A", status.body().path("source_KME_ID").asText());
    assertEquals("B", status.body().path("target_KME_ID").asText());
    assertEquals("alice", status.body().path("master_SAE_ID").asText());
    assertEquals("bob", status.body().path("slave_SAE_ID").asText());
    assertEquals(256, status.body().path("key_size").asInt());
    assertEquals(1024 * 1024 * 8 / 256, status.body().path("max_key_count").asLong());
    assertEquals(16, status.body().path("max_key_per_request").asInt());
    assertEquals(1024, status.body().path("max_key_size").asInt());
    assertEquals(64, status.body().path("min_key_size").asInt());
    assertEquals(0, status.body().path("max_SAE_ID_count").asInt());

    SaeClient.Answer enc = alice.encKeys("bob", 3, 512);
    assertEquals(200, enc.status(), enc.body().toString());
    assertEquals(3, enc.keyIds().size());
    SaeClient.Answer dec = bob.decKeys("alice", enc.keyIds());
    assertEquals(200, dec.status(), dec.body().toString());
    assertEquals(enc.keyIds(), dec.keyIds());
    for (int i = 0; i < 3; i++) {
      assertEquals(64, enc.keys().get(i).length);
      assertArrayEquals(enc.keys().get(i), dec.keys().get(i));
      assertTrue(isSliceOfFed(enc.keys().get(i)), "a key is a slice of the fed material");
    }
    // GET forms: default number 1 and size key_size, key_ID as a query parameter.
    SaeClient.Answer one = alice.get("bob", "enc_keys");
    assertEquals(200, one.status());
    assertEquals(32, one.keys().get(0).length);
    SaeClient.Answer oneBack = bob.get("alice", "dec_keys?key_ID=" + one.keyIds().get(0));
    assertArrayEquals(one.keys().get(0), oneBack.keys().get(0));
    // ...and never again.
    SaeClient.Answer again = bob.get("alice", "dec_keys?key_ID=" + one.keyIds().get(0));
    assertEquals(400, again.status());
    assertTrue(again.message().contains(one.keyIds().get(0).toString()), again.message());
  }

  @Test
  void anSaeNeverGetsAKeyAddressedToAnother() throws Exception {
    SaeClient.Answer forBob = alice.encKeys("bob", 1, 256);
    // eve is a registered SAE at C, but alice-eve is not a served pair.
    SaeClient.Answer eveDec = eve.decKeys("alice", forBob.keyIds());
    assertEquals(401, eveDec.status());
    assertTrue(eveDec.message().contains("eve"), eveDec.message());
    assertEquals(401, eve.get("alice", "status").status());
    // carol may share keys with alice, but not this key.
    SaeClient.Answer carolDec = carol.decKeys("alice", forBob.keyIds());
    assertEquals(400, carolDec.status());
    // bob asking for keys with a pair that is not served: 401.
    assertEquals(401, bob.encKeys("carol", 1, 256).status());
    // A certificate from the right CA for a name that is no SAE: 401.
    SaeClient mallory = net.client("mallory");
    SaeClient.Answer m = mallory.get("bob", "status");
    assertEquals(401, m.status());
    assertTrue(m.message().contains("mallory"), m.message());
    // The key is still waiting for bob.
    assertEquals(200, bob.decKeys("alice", forBob.keyIds()).status());
  }

  @Test
  void badRequestsAre400WithAMessage() throws Exception {
    SaeClient.Answer unknown = bob.decKeys("alice", List.of(UUID.randomUUID()));
    assertEquals(400, unknown.status());
    assertTrue(unknown.message().contains("unknown"), unknown.message());
    SaeClient.Answer tooMany = alice.encKeys("bob", 17, 256);
    assertEquals(400, tooMany.status());
    assertTrue(tooMany.message().contains("max_key_per_request 16"), tooMany.message());
    SaeClient.Answer odd = alice.encKeys("bob", 1, 100);
    assertEquals(400, odd.status());
    assertTrue(odd.message().contains("multiple of 8"), odd.message());
    SaeClient.Answer big = alice.encKeys("bob", 1, 2048);
    assertEquals(400, big.status());
    assertTrue(big.message().contains("max_key_size 1024"), big.message());
    SaeClient.Answer json = alice.post("bob", "enc_keys", "{\"number\": 1,");
    assertEquals(400, json.status());
    assertTrue(json.message().startsWith("malformed JSON"), json.message());
    SaeClient.Answer typo = alice.post("bob", "enc_keys", "{\"nunber\": 1}");
    assertEquals(400, typo.status());
    assertTrue(typo.message().contains("nunber"), typo.message());
    SaeClient.Answer notUuid = bob.get("alice", "dec_keys?key_ID=42");
    assertEquals(400, notUuid.status());
    assertTrue(notUuid.message().contains("UUID"), notUuid.message());
    SaeClient.Answer multicast = alice.post("bob", "enc_keys",
        "{\"additional_slave_SAE_IDs\": [\"carol\"]}");
    assertEquals(400, multicast.status());
    assertEquals(405, alice.post("bob", "status", "{}").status());
    assertEquals(404, alice.get("bob", "keys").status());
  }

  @Test
  void emptyPoolIs503() throws Exception {
    // No material was fed between A and C.
    SaeClient.Answer none = alice.encKeys("carol", 1, 256);
    assertEquals(503, none.status());
    assertTrue(none.message().contains("not enough key material"), none.message());
    assertEquals(0, alice.get("carol", "status").body().path("stored_key_count").asLong());
  }

  @Test
  void concurrentClientsNeverReceiveAKeyTwice() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<SaeClient.Answer>> encs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        encs.add(pool.submit(() -> alice.encKeys("bob", 2, 128)));
      }
      List<UUID> ids = new ArrayList<>();
      Set<String> keyBytes = new HashSet<>();
      for (Future<SaeClient.Answer> f : encs) {
        SaeClient.Answer a = f.get(60, TimeUnit.SECONDS);
        assertEquals(200, a.status(), a.body().toString());
        ids.addAll(a.keyIds());
        a.keys().forEach(k -> assertTrue(keyBytes.add(Base64.getEncoder().encodeToString(k)),
            "no key material is handed out twice"));
      }
      assertEquals(80, new HashSet<>(ids).size());
      // Every key is requested by two racing slaves' requests; exactly one of each pair wins.
      Set<UUID> delivered = ConcurrentHashMap.newKeySet();
      List<Future<SaeClient.Answer>> decs = new ArrayList<>();
      for (UUID id : ids) {
        for (int copy = 0; copy < 2; copy++) {
          decs.add(pool.submit(() -> bob.decKeys("alice", List.of(id))));
        }
      }
      int ok = 0;
      for (Future<SaeClient.Answer> f : decs) {
        SaeClient.Answer a = f.get(60, TimeUnit.SECONDS);
        if (a.status() == 200) {
          ok++;
          assertTrue(delivered.add(a.keyIds().get(0)), "delivered twice: " + a.keyIds());
        } else {
          assertEquals(400, a.status());
        }
      }
      assertEquals(80, ok);
      assertEquals(new HashSet<>(ids), delivered);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClientWithoutCertificateCannotConnect() throws Exception {
    SSLContext trustOnly = SSLContext.getInstance("TLS");
    var tmf = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(net.pki.trustStore());
    trustOnly.init(null, tmf.getTrustManagers(), null);
    HttpClient anonymous = HttpClient.newBuilder().sslContext(trustOnly).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(
        "https://127.0.0.1:" + net.server.port() + "/api/v1/keys/bob/status"))
        .timeout(Duration.ofSeconds(30)).build();
    assertThrows(IOException.class,
        () -> anonymous.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void hybridKeyIsTheSameForMasterAndSlave() throws Exception {
    byte[][] bobKem = HybridKey.generateKeyPair();
    String body = "{\"size\":256,\"mlkem768_public_key\":\""
        + Base64.getEncoder().encodeToString(bobKem[0]) + "\"}";
    SaeClient.Answer hybrid = alice.post("bob", "hybrid_enc_keys", body);
    assertEquals(200, hybrid.status(), hybrid.body().toString());
    UUID keyId = hybrid.keyIds().get(0);
    byte[] aliceSession = hybrid.keys().get(0);
    byte[] ciphertext = Base64.getDecoder().decode(
        hybrid.body().path("key_container_extension").path("mlkem768_ciphertext").asText());
    // bob: the QKD key from his KME, the ML-KEM secret from his private key.
    byte[] qkd = bob.decKeys("alice", List.of(keyId)).keys().get(0);
    byte[] secret = HybridKey.decapsulate(bobKem[1], ciphertext);
    assertArrayEquals(aliceSession, HybridKey.derive(qkd, secret, keyId, 32));
    assertFalse(Arrays.equals(qkd, aliceSession), "the session key is not the QKD key");
    SaeClient.Answer badKey = alice.post("bob", "hybrid_enc_keys",
        "{\"mlkem768_public_key\":\"AAAA\"}");
    assertEquals(400, badKey.status());
    assertTrue(badKey.message().contains("1184"), badKey.message());
  }

  private static boolean isSliceOfFed(byte[] key) {
    byte[] fed = FED_AB.toByteArray();
    outer:
    for (int start = 0; start + key.length <= fed.length; start++) {
      for (int i = 0; i < key.length; i++) {
        if (fed[start + i] != key[i]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
