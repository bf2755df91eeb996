package io.qbone.deploy.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.qkd.kme.DeliveredKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A KME that serves keys for a long time keeps a journal proportional to the keys it holds, not
 * to the requests it has served: snapshots every {@link KeyLinkEntity#SNAPSHOT_EVERY} records and
 * deletion of the records before the older of the two kept. A restart from that journal (a
 * snapshot plus the records after it) loses and duplicates no key.
 */
class JournalRetentionTest {
  /** Blocks fed, each followed by two single-key requests (issue, retrieve): ~3 records each. */
  private static final int ROUNDS = 2_500;

  @TempDir
  Path dir;

  @Test
  void theJournalStaysBoundedAndARestartLosesNoKey() throws Exception {
    KmeJournal journal = KmeJournal.h2(dir.resolve("kme"));
    List<DeliveredKey> waiting = new ArrayList<>();
    long storedBefore;
    DeliveredKey retrievedBefore;
    try (KmeService kme = KmeService.start(KmeNetwork.DIRECTORY, KmeNetwork.LIMITS, 11,
        journal)) {
      for (int round = 0; round < ROUNDS; round++) {
        kme.sink().accept(KmeNetwork.block(0, 1, round, 64));
        // Each block holds two 256-bit keys and each round takes one: the store grows.
        Poll.until("block " + round + " stored", Duration.ofSeconds(30), () ->
            kme.status("alice", "bob").toCompletableFuture().get().storedKeyCount() >= 1);
        DeliveredKey key = get(kme.encKeys("alice", "bob", 1, 256)).get(0);
        get(kme.decKeys("alice", "bob", List.of(key.keyId())));
      }
      // Two keys issued and not yet retrieved, one retrieved: all must survive the restart as
      // they were.
      waiting.addAll(get(kme.encKeys("alice", "bob", 2, 256)));
      retrievedBefore = get(kme.encKeys("alice", "bob", 1, 256)).get(0);
      get(kme.decKeys("alice", "bob", List.of(retrievedBefore.keyId())));
      storedBefore = get(kme.status("alice", "bob")).storedKeyCount();
    }

    long records = count(journal, "\"event_journal\"");
    long snapshots = count(journal, "\"snapshot\"");
    // ~7,500 records and 7 snapshots were written; what stays is the records since the older
    // of the two snapshots kept, and at most three snapshots (the oldest is deleted only after
    // the newest is saved).
    assertTrue(records <= 3L * KeyLinkEntity.SNAPSHOT_EVERY, "journal records " + records);
    assertTrue(snapshots >= 1 && snapshots <= 3, "snapshots " + snapshots);

    try (KmeService kme = KmeService.start(KmeNetwork.DIRECTORY, KmeNetwork.LIMITS, 11,
        journal)) {
      assertEquals(storedBefore, get(kme.status("alice", "bob")).storedKeyCount(),
          "stored key material after the restart");
      List<DeliveredKey> after = get(kme.decKeys("alice", "bob",
          waiting.stream().map(DeliveredKey::keyId).toList()));
      for (int i = 0; i < waiting.size(); i++) {
        assertEquals(waiting.get(i).keyId(), after.get(i).keyId());
        assertArrayEquals(waiting.get(i).key(), after.get(i).key(),
            "the waiting key's bits after the restart");
      }
      ExecutionException again = assertThrows(ExecutionException.class, () ->
          get(kme.decKeys("alice", "bob", List.of(retrievedBefore.keyId()))));
      assertTrue(again.getCause().getMessage().contains("unknown"), again.getMessage());
    }
  }

  private static <T> T get(CompletionStage<T> s) throws Exception {
    return s.toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static long count(KmeJournal journal, String table) throws Exception {
    try (Connection c = DriverManager.getConnection(journal.url(), journal.user(),
        journal.password());
        ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }
}
