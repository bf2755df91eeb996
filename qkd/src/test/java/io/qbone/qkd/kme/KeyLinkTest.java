package io.qbone.qkd.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qbone.qkd.kme.KmeEvent.KeysIssued;
import io.qbone.qkd.pool.KeyMaterial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyLinkTest {
  private static final KmeLimits LIMITS = new KmeLimits(256, 64, 1024, 4, 8 * 1024);

  private final List<KmeEvent> journal = new ArrayList<>();
  private final KeyLink link = new KeyLink(LIMITS, 42);

  private static byte[] block(int n, int first) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (first + i);
    }
    return b;
  }

  private void store(long blockId, byte[] bits) {
    link.offer(new KeyMaterial(0, 1, blockId, blockId, bits)).ifPresent(this::record);
  }

  private void record(KmeEvent e) {
    journal.add(e);
    link.apply(e);
  }

  private List<DeliveredKey> enc(String master, String slave, int number, int size) {
    KeysIssued issued = link.decideEncKeys(master, slave, number, size);
    record(issued);
    return link.issuedKeys(issued);
  }

  private List<DeliveredKey> dec(String master, String slave, List<UUID> ids) {
    KeyLink.Retrieval r = link.decideDecKeys(master, slave, ids);
    record(r.event());
    return r.keys();
  }

  private static List<UUID> ids(List<DeliveredKey> keys) {
    return keys.stream().map(DeliveredKey::keyId).toList();
  }

  @Test
  void keysAreCutFromTheMaterialInOrderAndReachTheSlaveOnce() {
    store(0, block(40, 0));
    store(1, block(40, 40));
    List<DeliveredKey> master = enc("alice", "bob", 2, 256);
    // 2 keys x 32 bytes span both blocks: bytes 0..31 and 32..63.
    assertArrayEquals(block(32, 0), master.get(0).key());
    assertArrayEquals(block(32, 32), master.get(1).key());
    assertEquals(80 * 8 - 512, link.storedBits());
    assertEquals(2, link.pendingKeys());

    List<DeliveredKey> slave = dec("alice", "bob", ids(master));
    assertEquals(ids(master), ids(slave));
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(master.get(i).key(), slave.get(i).key());
    }
    assertEquals(0, link.pendingKeys());
    KmeException again = assertThrows(KmeException.class,
        () -> link.decideDecKeys("alice", "bob", List.of(master.get(0).keyId())));
    assertEquals(400, again.status());
    assertTrue(again.getMessage().contains(master.get(0).keyId().toString()), again.getMessage());
  }

  @Test
  void aKeyForAnotherPairIsUnknownAndNothingIsDeliveredFromAFailedRequest() {
    store(0, block(64, 0));
    List<DeliveredKey> forBob = enc("alice", "bob", 1, 256);
    List<DeliveredKey> forCarol = enc("alice", "carol", 1, 256);
    KmeException e = assertThrows(KmeException.class, () -> link.decideDecKeys("alice", "carol",
        List.of(forCarol.get(0).keyId(), forBob.get(0).keyId())));
    assertEquals(400, e.status());
    assertTrue(e.getMessage().contains(forBob.get(0).keyId().toString()), e.getMessage());
    // Carol's key is still there: all or nothing.
    assertEquals(2, link.pendingKeys());
    assertArrayEquals(forCarol.get(0).key(), dec("alice", "carol", ids(forCarol)).get(0).key());
    // The master's role is part of the address: bob cannot fetch his key as if he were master.
    assertThrows(KmeException.class, () -> link.decideDecKeys("bob", "alice", ids(forBob)));
  }

  @Test
  void badRequestsAre400AndAShortStoreIs503() {
    store(0, block(64, 0)); // 512 bits
    assertEquals(400, assertThrows(KmeException.class,
        () -> link.decideEncKeys("a", "b", 5, 64)).status()); // max_key_per_request 4
    assertEquals(400, assertThrows(KmeException.class,
        () -> link.decideEncKeys("a", "b", 0, 64)).status());
    KmeException odd = assertThrows(KmeException.class, () -> link.decideEncKeys("a", "b", 1, 100));
    assertEquals(400, odd.status());
    assertTrue(odd.getMessage().contains("multiple of 8"), odd.getMessage());
    assertEquals(400, assertThrows(KmeException.class,
        () -> link.decideEncKeys("a", "b", 1, 56)).status());
    assertEquals(400, assertThrows(KmeException.class,
        () -> link.decideEncKeys("a", "b", 1, 2048)).status());
    KmeException empty = assertThrows(KmeException.class,
        () -> link.decideEncKeys("a", "b", 3, 256)); // 768 > 512 bits
    assertEquals(503, empty.status());
    assertEquals(2, enc("a", "b", 2, 256).size());
    assertEquals(503, assertThrows(KmeException.class,
        () -> link.decideEncKeys("a", "b", 1, 64)).status());
    assertEquals(400, assertThrows(KmeException.class,
        () -> link.decideDecKeys("a", "b", List.of())).status());
    UUID id = UUID.randomUUID();
    assertEquals(400, assertThrows(KmeException.class,
        () -> link.decideDecKeys("a", "b", List.of(id, id))).status());
  }

  @Test
  void repeatedBlocksAndBlocksBeyondCapacityAreNotStored() {
    store(3, block(512, 0));
    store(3, block(512, 0));
    store(2, block(512, 0));
    assertEquals(4096, link.storedBits());
    store(4, block(512, 0));
    assertEquals(8192, link.storedBits()); // full: 8 Kibit
    store(5, block(1, 0));
    assertEquals(8192, link.storedBits());
    assertEquals(32, link.status(route()).storedKeyCount());
    assertEquals(32, link.status(route()).maxKeyCount());
  }

  @Test
  void replayingTheJournalRebuildsTheSameStateAndKeyIds() {
    assertEquals(0, link.lastBlockAtNs(), "no block yet");
    store(0, block(100, 0));
    store(5, block(100, 100)); // produced at 5 ns (store() uses the block ID as its time)
    List<DeliveredKey> first = enc("a", "b", 3, 128);
    dec("a", "b", List.of(first.get(1).keyId()));
    KeyLink replayed = new KeyLink(LIMITS, 42);
    journal.forEach(replayed::apply);
    assertEquals(link.storedBits(), replayed.storedBits());
    assertEquals(link.pendingKeys(), replayed.pendingKeys());
    assertEquals(5, replayed.lastBlockAtNs(), "where a restarted model has to catch up to");
    KeysIssued next = link.decideEncKeys("a", "b", 2, 64);
    assertEquals(next, replayed.decideEncKeys("a", "b", 2, 64));
    var fromReplay = replayed.decideDecKeys("a", "b", List.of(first.get(0).keyId()));
    assertArrayEquals(first.get(0).key(), fromReplay.keys().get(0).key());
  }

  @Test
  void keyIdsAreDistinctVersion4UuidsDeterminedByTheSeed() {
    var seen = new HashSet<UUID>();
    for (long i = 0; i < 10_000; i++) {
      UUID id = KeyIdSource.keyId(7, i);
      assertEquals(4, id.version());
      assertEquals(2, id.variant());
      assertTrue(seen.add(id));
    }
    assertEquals(KeyIdSource.keyId(7, 5), KeyIdSource.keyId(7, 5));
    assertNotEquals(KeyIdSource.keyId(7, 5), KeyIdSource.keyId(8, 5));
  }

  @Test
  void directoryAuthorizesOnlyServedPairsOfKnownSaes() {
    var dir = new KmeDirectory(List.of("A", "B", "C"), Map.of("alice", 0, "bob", 2, "eve", 1),
        List.of(List.of("alice", "bob")));
    KmeDirectory.Route r = dir.route("bob", "alice");
    assertEquals("C", r.sourceKmeId());
    assertEquals("A", r.targetKmeId());
    assertEquals(new KmeDirectory.LinkId(0, 2), r.link());
    assertEquals(List.of(new KmeDirectory.LinkId(0, 2)), dir.links());
    assertEquals(401, assertThrows(KmeException.class, () -> dir.route("eve", "bob")).status());
    assertEquals(401, assertThrows(KmeException.class, () -> dir.route("mallory", "bob")).status());
    assertThrows(IllegalArgumentException.class, () -> new KmeDirectory(List.of("A"),
        Map.of("x", 0, "y", 0), List.of(List.of("x", "y"))));
    assertTrue(Arrays.asList("A", "B").contains(dir.route("alice", "bob").sourceKmeId()));
  }

  @Test
  void aPlannedBatchDecidesAsIfEachEventWereAppliedBeforeTheNext() {
    store(0, block(64, 0)); // 512 bits: two 256-bit keys
    List<DeliveredKey> earlier = enc("a", "b", 1, 256);
    KeyLink.Planner plan = link.plan();
    KeysIssued first = plan.decideEncKeys("a", "b", 1, 256);
    // The second key must not be cut from the same bits, and the store is now planned empty.
    assertEquals(503, assertThrows(KmeException.class,
        () -> plan.decideEncKeys("a", "b", 1, 256)).status());
    var more = plan.offer(new KeyMaterial(0, 1, 1, 1, block(32, 64))).orElseThrow();
    assertTrue(plan.offer(new KeyMaterial(0, 1, 1, 1, block(32, 64))).isEmpty());
    KeysIssued second = plan.decideEncKeys("a", "b", 1, 256);
    assertNotEquals(first.keyIds(), second.keyIds());
    var taken = plan.decideDecKeys("a", "b", ids(earlier));
    // A key retrieved earlier in the batch is unknown to a later request of the same batch.
    assertEquals(400, assertThrows(KmeException.class,
        () -> plan.decideDecKeys("a", "b", ids(earlier))).status());
    for (KmeEvent e : List.of(first, more, second, taken.event())) {
      record(e);
    }
    assertArrayEquals(block(32, 32), link.issuedKeys(first).get(0).key());
    assertArrayEquals(block(32, 64), link.issuedKeys(second).get(0).key());
    assertEquals(0, link.storedBits());
    assertEquals(2, link.pendingKeys());
  }

  @Test
  void aGroupOfEventsReplaysLikeItsEventsOneByOne() {
    store(0, block(128, 0));
    List<DeliveredKey> first = enc("a", "b", 2, 256);
    List<DeliveredKey> second = enc("a", "b", 1, 256);
    dec("a", "b", ids(first));
    KeyLink replayed = new KeyLink(LIMITS, 42);
    replayed.apply(new KmeEvent.Group(journal));
    assertEquals(link.storedBits(), replayed.storedBits());
    assertEquals(1, replayed.pendingKeys());
    // The one key still pending is the same key, bit for bit, after the replay.
    assertArrayEquals(second.get(0).key(),
        replayed.decideDecKeys("a", "b", ids(second)).keys().get(0).key());
    // Groups do not nest: a group is one commit's events, never a group of commits.
    assertThrows(IllegalArgumentException.class,
        () -> new KmeEvent.Group(List.of(new KmeEvent.Group(journal))));
  }

  private static KmeDirectory.Route route() {
    return new KmeDirectory.Route("a", "b", "A", "B", new KmeDirectory.LinkId(0, 1));
  }

  /**
   * A snapshot taken part-way, restored, and given the rest of the requests decides and holds
   * exactly what the link that never stopped does: same keys, same IDs, same refusals.
   */
  @Test
  void aRestoredSnapshotContinuesAsTheLinkItWasTakenFrom() {
    store(0, block(40, 0));
    store(1, block(24, 100));
    List<DeliveredKey> first = enc("alice", "bob", 2, 64);
    dec("alice", "bob", List.of(first.get(0).keyId()));
    KeyLinkSnapshot snapshot = link.snapshot();
    KeyLink restored = KeyLink.restore(LIMITS, 42, snapshot);
    assertEquals(link.storedBits(), restored.storedBits());
    assertEquals(link.pendingKeys(), restored.pendingKeys());
    // The rest of the run, on both.
    for (KeyLink l : List.of(link, restored)) {
      l.offer(new KeyMaterial(0, 1, 1, 1, block(8, 7))).ifPresent(e -> fail("block 1 again"));
    }
    KeysIssued a = link.decideEncKeys("alice", "bob", 3, 64);
    KeysIssued b = restored.decideEncKeys("alice", "bob", 3, 64);
    assertEquals(a, b, "the same key IDs");
    link.apply(a);
    restored.apply(b);
    List<DeliveredKey> fromLink = link.issuedKeys(a);
    List<DeliveredKey> fromRestored = restored.issuedKeys(b);
    for (int i = 0; i < fromLink.size(); i++) {
      assertArrayEquals(fromLink.get(i).key(), fromRestored.get(i).key());
    }
    // The key still waiting from before the snapshot reaches its slave from the restored link.
    assertArrayEquals(first.get(1).key(), restored.decideDecKeys("alice", "bob",
        List.of(first.get(1).keyId())).keys().get(0).key());
    // The key retrieved before the snapshot is unknown to both.
    for (KeyLink l : List.of(link, restored)) {
      assertThrows(KmeException.class,
          () -> l.decideDecKeys("alice", "bob", List.of(first.get(0).keyId())));
    }
  }
}
