package io.qbone.deploy.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The same KMEs journaling to PostgreSQL through pekko-persistence-jdbc: keys issued before a
 * restart of the KME actor system are served after it, once. Runs wherever PostgreSQL's server
 * binaries are installed (.ci/run installs the Debian package).
 */
class PostgresJournalTest {
  @Test
  void keysSurviveARestartOnPostgres() throws Exception {
    Optional<Path> bin = LocalPostgres.binaries();
    assumeTrue(bin.isPresent(), "PostgreSQL server binaries not installed");
    DevPki pki = new DevPki();
    try (LocalPostgres pg = LocalPostgres.start(bin.get())) {
      KmeJournal journal = KmeJournal.postgres(pg.url(), "qbone", "");
      SaeClient.Answer enc;
      SaeClient.Answer firstDec;
      try (KmeNetwork net = new KmeNetwork(pki, journal)) {
        for (int id = 0; id < 10; id++) {
          net.kme.sink().accept(KmeNetwork.block(0, 1, id, 320));
        }
        SaeClient alice = net.client("alice");
        Poll.until("10 blocks stored", Duration.ofSeconds(30), () ->
            alice.get("bob", "status").body().path("stored_key_count").asLong() == 100);
        enc = alice.encKeys("bob", 4, 256);
        assertEquals(200, enc.status(), enc.body().toString());
        firstDec = net.client("bob").decKeys("alice", enc.keyIds().subList(0, 1));
        assertEquals(200, firstDec.status());
      }
      try (KmeNetwork net = new KmeNetwork(pki, journal)) {
        SaeClient bob = net.client("bob");
        assertEquals(96, net.client("alice").get("bob", "status").body()
            .path("stored_key_count").asLong());
        assertEquals(400, bob.decKeys("alice", enc.keyIds().subList(0, 1)).status());
        SaeClient.Answer rest = bob.decKeys("alice", enc.keyIds().subList(1, 4));
        assertEquals(200, rest.status(), rest.body().toString());
        for (int k = 0; k < 3; k++) {
          assertArrayEquals(enc.keys().get(k + 1), rest.keys().get(k));
        }
        // Material re-fed after the restart (same block IDs) is not stored again.
        for (int id = 0; id < 10; id++) {
          net.kme.sink().accept(KmeNetwork.block(0, 1, id, 320));
        }
        // Block 10 holds 7 keys: 103 is reachable only if blocks 0-9 were ignored.
        net.kme.sink().accept(KmeNetwork.block(0, 1, 10, 7 * 32));
        SaeClient alice = net.client("alice");
        Poll.until("block 10 stored", Duration.ofSeconds(30), () ->
            alice.get("bob", "status").body().path("stored_key_count").asLong() == 103);
      }
    }
  }
}
