package io.qbone.deploy.kme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.qkd.kme.DeliveredKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests continue on the KME's own threads. Converted Scala stages run a plain
 * {@code thenCompose} on the common pool, which on a machine with 2 cores starts a new thread for
 * every task: that cost more than the request itself (docs/performance.md, KME API).
 */
class KmeServiceThreadsTest {
  private static final int REQUESTS = 200;

  @TempDir
  Path dir;

  @Test
  void keyRequestsStartNoThreadEach() throws Exception {
    try (KmeService kme = KmeService.start(KmeNetwork.DIRECTORY, KmeNetwork.LIMITS, 11,
        KmeJournal.h2(dir.resolve("kme")))) {
      for (int id = 0; id < 8; id++) {
        kme.sink().accept(KmeNetwork.block(0, 1, id, 1000));
      }
      Poll.until("8 blocks stored", Duration.ofSeconds(30), () ->
          kme.status("alice", "bob").toCompletableFuture().get().storedKeyCount()
              == 8 * 1000 / 32);
      // The first request starts the journal's connections and dispatcher threads.
      fetchOneKey(kme);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long startedBefore = threads.getTotalStartedThreadCount();
      for (int i = 0; i < REQUESTS; i++) {
        fetchOneKey(kme);
      }
      long started = threads.getTotalStartedThreadCount() - startedBefore;
      // A pool may still grow by a few threads; one per request is the fault this guards.
      assertTrue(started < REQUESTS / 10, started + " threads started for " + REQUESTS
          + " key requests");
    }
  }

  private static void fetchOneKey(KmeService kme) throws Exception {
    List<DeliveredKey> issued = kme.encKeys("alice", "bob", 1, 256).toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    List<DeliveredKey> retrieved = kme.decKeys("alice", "bob", List.of(issued.get(0).keyId()))
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(issued.get(0).keyId(), retrieved.get(0).keyId());
  }
}
