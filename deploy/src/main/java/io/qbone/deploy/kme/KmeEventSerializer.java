package io.qbone.deploy.kme;

import io.qbone.qkd.kme.KeyLinkSnapshot;
import io.qbone.qkd.kme.KmeEvent;
import io.qbone.qkd.kme.KmeEvent.Group;
import io.qbone.qkd.kme.KmeEvent.KeysIssued;
import io.qbone.qkd.kme.KmeEvent.KeysRetrieved;
import io.qbone.qkd.kme.KmeEvent.MaterialStored;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Journal format of the KME events: a manifest letter plus version digit, then the fields in
 * order with {@link DataOutputStream}. Compact (a stored block costs its bytes plus 20) and
 * independent of Java serialization, which Pekko disables.
 */
public final class KmeEventSerializer extends SerializerWithStringManifest {
  /** A stored block with the virtual time it was produced at. */
  private static final String STORED = "S2";
  /** A stored block without its time (journals of qbone before S2): read as time 0. */
  private static final String STORED_UNTIMED = "S1";
  private static final String ISSUED = "I1";
  private static final String RETRIEVED = "R1";
  /** A group commit's events in one record: their count, then each one's manifest and fields. */
  private static final String GROUP = "G1";
  /** A key link's snapshot: counters, the stored bytes, then each waiting key. */
  private static final String SNAPSHOT = "K1";

  @Override
  public int identifier() {
    return 71_014; // ETSI GS QKD 014; any id unique within the system
  }

  @Override
  public String manifest(Object o) {
    if (o instanceof MaterialStored) {
      return STORED;
    }
    if (o instanceof KeysIssued) {
      return ISSUED;
    }
    if (o instanceof KeysRetrieved) {
      return RETRIEVED;
    }
    if (o instanceof Group) {
      return GROUP;
    }
    if (o instanceof KeyLinkSnapshot) {
      return SNAPSHOT;
    }
    throw new IllegalArgumentException("not a KME event: " + o.getClass());
  }

  @Override
  public byte[] toBinary(Object o) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      if (o instanceof Group g) {
        // Each member as its manifest and its own fields; members are never groups.
        out.writeInt(g.events().size());
        for (KmeEvent e : g.events()) {
          out.writeUTF(manifest(e));
          write(out, e);
        }
      } else {
        write(out, o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void write(DataOutputStream out, Object o) throws IOException {
    if (o instanceof MaterialStored m) {
      out.writeLong(m.blockId());
      out.writeLong(m.atNs());
      out.writeInt(m.bits().length);
      out.write(m.bits());
    } else if (o instanceof KeysIssued k) {
      out.writeUTF(k.masterSae());
      out.writeUTF(k.slaveSae());
      out.writeInt(k.sizeBits());
      writeIds(out, k.keyIds());
    } else if (o instanceof KeysRetrieved r) {
      writeIds(out, r.keyIds());
    } else if (o instanceof KeyLinkSnapshot k) {
      out.writeLong(k.lastBlockId());
      out.writeLong(k.lastBlockAtNs());
      out.writeLong(k.issuedCount());
      out.writeInt(k.storedBytes().length);
      out.write(k.storedBytes());
      out.writeInt(k.pending().size());
      for (KeyLinkSnapshot.PendingKey p : k.pending()) {
        writeIds(out, List.of(p.id()));
        out.writeUTF(p.master());
        out.writeUTF(p.slave());
        out.writeInt(p.key().length);
        out.write(p.key());
      }
    } else {
      throw new IllegalArgumentException("not a KME event: " + o.getClass());
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      Object event;
      if (manifest.equals(SNAPSHOT)) {
        event = readSnapshot(in);
      } else if (manifest.equals(GROUP)) {
        int n = in.readInt();
        List<KmeEvent> events = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          String member = in.readUTF();
          if (member.equals(GROUP)) {
            throw new IOException("a group inside a group");
          }
          events.add(read(in, member));
        }
        event = new Group(events);
      } else {
        event = read(in, manifest);
      }
      if (in.available() > 0) {
        throw new IOException(in.available() + " bytes after the event");
      }
      return event;
    } catch (IOException e) {
      var failure = new NotSerializableException("corrupt KME event (" + manifest + "): " + e);
      failure.initCause(e);
      throw failure;
    }
  }

  private static KmeEvent read(DataInputStream in, String manifest)
      throws IOException, NotSerializableException {
    return switch (manifest) {
      case STORED, STORED_UNTIMED -> {
        long blockId = in.readLong();
        long atNs = manifest.equals(STORED) ? in.readLong() : 0;
        byte[] bits = new byte[in.readInt()];
        in.readFully(bits);
        yield new MaterialStored(blockId, atNs, bits);
      }
      case ISSUED -> new KeysIssued(in.readUTF(), in.readUTF(), in.readInt(), readIds(in));
      case RETRIEVED -> new KeysRetrieved(readIds(in));
      default -> throw new NotSerializableException("unknown KME event manifest '" + manifest
          + "'");
    };
  }

  private static KeyLinkSnapshot readSnapshot(DataInputStream in) throws IOException {
    long lastBlockId = in.readLong();
    long lastBlockAtNs = in.readLong();
    long issuedCount = in.readLong();
    byte[] stored = new byte[in.readInt()];
    in.readFully(stored);
    int n = in.readInt();
    List<KeyLinkSnapshot.PendingKey> pending = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      UUID id = readIds(in).get(0);
      String master = in.readUTF();
      String slave = in.readUTF();
      byte[] key = new byte[in.readInt()];
      in.readFully(key);
      pending.add(new KeyLinkSnapshot.PendingKey(id, master, slave, key));
    }
    return new KeyLinkSnapshot(lastBlockId, lastBlockAtNs, issuedCount, stored, pending);
  }

  private static void writeIds(DataOutputStream out, List<UUID> ids) throws IOException {
    out.writeInt(ids.size());
    for (UUID id : ids) {
      out.writeLong(id.getMostSignificantBits());
      out.writeLong(id.getLeastSignificantBits());
    }
  }

  private static List<UUID> readIds(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<UUID> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(new UUID(in.readLong(), in.readLong()));
    }
    return List.copyOf(ids);
  }
}
