package io.qbone.deploy.kme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.qbone.qkd.kme.KeyLinkSnapshot;
import io.qbone.qkd.kme.KmeEvent.Group;
import io.qbone.qkd.kme.KmeEvent.KeysIssued;
import io.qbone.qkd.kme.KmeEvent.KeysRetrieved;
import io.qbone.qkd.kme.KmeEvent.MaterialStored;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.NotSerializableException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The journal format of KME events: round trips, the older untimed block format, corruption. */
class KmeEventSerializerTest {
  private final KmeEventSerializer serializer = new KmeEventSerializer();

  private Object roundTrip(Object event) throws Exception {
    return serializer.fromBinary(serializer.toBinary(event), serializer.manifest(event));
  }

  @Test
  void everyEventSurvivesTheJournal() throws Exception {
    byte[] bits = {1, 2, 3, (byte) 0xff};
    MaterialStored stored = (MaterialStored) roundTrip(new MaterialStored(7, 12_345_678_901L, bits));
    assertEquals(7, stored.blockId());
    assertEquals(12_345_678_901L, stored.atNs());
    assertArrayEquals(bits, stored.bits());
    List<UUID> ids = List.of(new UUID(1, 2), new UUID(-3, 4));
    assertEquals(new KeysIssued("alice", "bob", 256, ids),
        roundTrip(new KeysIssued("alice", "bob", 256, ids)));
    assertEquals(new KeysRetrieved(ids), roundTrip(new KeysRetrieved(ids)));
  }

  @Test
  void aKeyLinkSnapshotSurvivesTheSnapshotStore() throws Exception {
    UUID id = UUID.randomUUID();
    KeyLinkSnapshot s = new KeyLinkSnapshot(41, 99_000L, 17, new byte[] {1, 2, 3, 4},
        List.of(new KeyLinkSnapshot.PendingKey(id, "alice", "bob", new byte[] {9, 8})));
    KeyLinkSnapshot back = (KeyLinkSnapshot) roundTrip(s);
    assertEquals(41, back.lastBlockId());
    assertEquals(99_000L, back.lastBlockAtNs());
    assertEquals(17, back.issuedCount());
    assertArrayEquals(new byte[] {1, 2, 3, 4}, back.storedBytes());
    assertEquals(id, back.pending().get(0).id());
    assertEquals("alice", back.pending().get(0).master());
    assertEquals("bob", back.pending().get(0).slave());
    assertArrayEquals(new byte[] {9, 8}, back.pending().get(0).key());
  }

  @Test
  void aGroupCommitIsOneRecordThatKeepsItsEventsInOrder() throws Exception {
    List<UUID> ids = List.of(new UUID(5, 6));
    byte[] bits = {4, 5, 6};
    Group group = (Group) roundTrip(new Group(List.of(new KeysIssued("a", "b", 256, ids),
        new MaterialStored(9, 10, bits), new KeysRetrieved(ids))));
    assertEquals(3, group.events().size());
    assertEquals(new KeysIssued("a", "b", 256, ids), group.events().get(0));
    assertArrayEquals(bits, ((MaterialStored) group.events().get(1)).bits());
    assertEquals(new KeysRetrieved(ids), group.events().get(2));
    // A record with bytes left over is corrupt, not silently shortened.
    byte[] longer = java.util.Arrays.copyOf(serializer.toBinary(group),
        serializer.toBinary(group).length + 1);
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> serializer.fromBinary(longer, "G1"));
    assertEquals("corrupt KME event (G1): java.io.IOException: 1 bytes after the event",
        e.getMessage());
  }

  @Test
  void blocksJournaledBeforeTheirTimeWasRecordedReadAsTimeZero() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(41);
      out.writeInt(2);
      out.write(new byte[] {9, 8});
    }
    MaterialStored old = (MaterialStored) serializer.fromBinary(bytes.toByteArray(), "S1");
    assertEquals(41, old.blockId());
    assertEquals(0, old.atNs());
    assertArrayEquals(new byte[] {9, 8}, old.bits());
  }

  @Test
  void corruptOrUnknownEventsAreRefusedWithTheirManifest() {
    byte[] truncated = java.util.Arrays.copyOf(
        serializer.toBinary(new MaterialStored(1, 2, new byte[32])), 20);
    NotSerializableException e = assertThrows(NotSerializableException.class,
        () -> serializer.fromBinary(truncated, "S2"));
    assertEquals("corrupt KME event (S2): java.io.EOFException", e.getMessage());
    assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "X9"));
  }
}
