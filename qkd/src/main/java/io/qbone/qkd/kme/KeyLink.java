package io.qbone.qkd.kme;

import io.qbone.qkd.kme.KmeEvent.KeysIssued;
import io.qbone.qkd.kme.KmeEvent.KeysRetrieved;
import io.qbone.qkd.kme.KmeEvent.MaterialStored;
import io.qbone.node.engine.RandomStreams;
import io.qbone.qkd.pool.KeyMaterial;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The shared key state of the two KMEs at the ends of one node pair: the stored key material
 * (identical at both KMEs) and the keys given to a master SAE that wait for their slave.
 *
 * <p>Requests are decided ({@code decide*}: validate, choose IDs, return the event) separately
 * from the state change ({@link #apply}), so a persistent actor can record the event before it
 * takes effect and replay rebuilds exactly this state. Each key is cut once from the store and
 * leaves the pending table on its one retrieval, so it reaches the master once and the slave once.
 */
public final class KeyLink {
  /** A key handed to {@code master}, waiting for {@code slave}. */
  private record Pending(String master, String slave, byte[] key) {}

  /** Keys found for a dec_keys request and the event that removes them. */
  public record Retrieval(KeysRetrieved event, List<DeliveredKey> keys) {}

  private final KmeLimits limits;
  private final long linkSeed;
  private final KeyStore store = new KeyStore();
  /** Insertion-ordered so that nothing observable depends on hash order. */
  private final LinkedHashMap<UUID, Pending> pending = new LinkedHashMap<>();
  private long lastBlockId = Long.MIN_VALUE;
  private long lastBlockAtNs;
  private long issuedCount;

  /** The seed of a node pair's key IDs: a stream of the run seed, like every model random. */
  public static long linkSeed(long runSeed, KmeDirectory.LinkId link) {
    return RandomStreams.stream(runSeed, link.nodeA(), "kme-key-ids-" + link.nodeB()).nextLong();
  }

  /** @param linkSeed seeds the key IDs; derive it from the run seed and the node pair */
  public KeyLink(KmeLimits limits, long linkSeed) {
    this.limits = limits;
    this.linkSeed = linkSeed;
  }

  /** The state now, as an immutable value for the snapshot store (copies every byte). */
  public KeyLinkSnapshot snapshot() {
    List<KeyLinkSnapshot.PendingKey> keys = new ArrayList<>(pending.size());
    pending.forEach((id, p) -> keys.add(
        new KeyLinkSnapshot.PendingKey(id, p.master, p.slave, p.key.clone())));
    return new KeyLinkSnapshot(lastBlockId, lastBlockAtNs, issuedCount, store.contents(), keys);
  }

  /** The state a snapshot holds, to replay the events after it onto. */
  public static KeyLink restore(KmeLimits limits, long linkSeed, KeyLinkSnapshot s) {
    KeyLink link = new KeyLink(limits, linkSeed);
    link.store.add(s.storedBytes().clone());
    for (KeyLinkSnapshot.PendingKey k : s.pending()) {
      link.pending.put(k.id(), new Pending(k.master(), k.slave(), k.key().clone()));
    }
    link.lastBlockId = s.lastBlockId();
    link.lastBlockAtNs = s.lastBlockAtNs();
    link.issuedCount = s.issuedCount();
    return link;
  }

  /**
   * Decisions on several requests in a row, each seeing the effect of the ones before it as if
   * their events had been applied: a persistent actor can then journal a whole batch in one write
   * (group commit). The state itself is not changed; apply the events in order afterwards.
   */
  public final class Planner {
    private long bits = store.bits();
    private long issued = issuedCount;
    private long lastBlock = lastBlockId;
    private final Set<UUID> retrieved = new HashSet<>();

    private Planner() {}

    /**
     * The event that stores a block, or empty if the block was stored before (blocks of a pair
     * arrive in increasing ID order, also when a restarted run delivers them again) or the store
     * has no room for it.
     */
    public Optional<MaterialStored> offer(KeyMaterial m) {
      byte[] block = m.bits();
      if (m.blockId() <= lastBlock || bits + 8L * block.length > limits.maxStoredBits()) {
        return Optional.empty();
      }
      bits += 8L * block.length;
      lastBlock = m.blockId();
      return Optional.of(new MaterialStored(m.blockId(), m.atNs(), block));
    }

    /**
     * Validates an enc_keys request and chooses the new keys' IDs.
     *
     * @throws KmeException 400 for a bad number or size, 503 if the store holds too little key
     */
    public KeysIssued decideEncKeys(String masterSae, String slaveSae, int number, int sizeBits) {
      if (number < 1 || number > limits.maxKeysPerRequest()) {
        throw KmeException.badRequest("number: expected 1 to max_key_per_request "
            + limits.maxKeysPerRequest() + " keys, got " + number);
      }
      if (sizeBits % 8 != 0) {
        throw KmeException.badRequest("size: expected a multiple of 8 bits, got " + sizeBits);
      }
      if (sizeBits < limits.minKeySizeBits() || sizeBits > limits.maxKeySizeBits()) {
        throw KmeException.badRequest("size: expected min_key_size " + limits.minKeySizeBits()
            + " to max_key_size " + limits.maxKeySizeBits() + " bits, got " + sizeBits);
      }
      if ((long) number * sizeBits > bits) {
        throw new KmeException(KmeException.UNAVAILABLE, "not enough key material: " + number
            + " key(s) of " + sizeBits + " bits requested, " + bits + " bits stored");
      }
      List<UUID> ids = new ArrayList<>(number);
      for (int i = 0; i < number; i++) {
        ids.add(KeyIdSource.keyId(linkSeed, issued + i));
      }
      bits -= (long) number * sizeBits;
      issued += number;
      return new KeysIssued(masterSae, slaveSae, sizeBits, List.copyOf(ids));
    }

    /**
     * Finds the keys a dec_keys request names. All or nothing: one unknown ID fails the request.
     * A key handed to another SAE pair counts as unknown, so its existence is not revealed.
     *
     * @throws KmeException 400 for no IDs, too many, a repeated or an unknown ID
     */
    public Retrieval decideDecKeys(String masterSae, String slaveSae, List<UUID> keyIds) {
      if (keyIds.isEmpty()) {
        throw KmeException.badRequest("key_IDs: expected at least one key_ID, got none");
      }
      if (keyIds.size() > limits.maxKeysPerRequest()) {
        throw KmeException.badRequest("key_IDs: expected at most max_key_per_request "
            + limits.maxKeysPerRequest() + " key IDs, got " + keyIds.size());
      }
      Set<UUID> seen = new HashSet<>();
      List<DeliveredKey> keys = new ArrayList<>(keyIds.size());
      for (UUID id : keyIds) {
        if (!seen.add(id)) {
          throw KmeException.badRequest("key_IDs: key_ID " + id + " appears twice");
        }
        Pending p = retrieved.contains(id) ? null : pending.get(id);
        if (p == null || !p.master.equals(masterSae) || !p.slave.equals(slaveSae)) {
          throw KmeException.badRequest("key_ID " + id + " is unknown: no key with this ID waits"
              + " for SAE '" + slaveSae + "' from SAE '" + masterSae + "'");
        }
        keys.add(new DeliveredKey(id, p.key.clone()));
      }
      retrieved.addAll(keyIds);
      return new Retrieval(new KeysRetrieved(List.copyOf(keyIds)), List.copyOf(keys));
    }
  }

  /** Virtual time the newest stored block was produced at (0: none, or not recorded). */
  public long lastBlockAtNs() {
    return lastBlockAtNs;
  }

  /** A planner for the next requests, starting from the current state. */
  public Planner plan() {
    return new Planner();
  }

  /** {@link Planner#offer} for a single request. */
  public Optional<MaterialStored> offer(KeyMaterial m) {
    return plan().offer(m);
  }

  /** {@link Planner#decideEncKeys} for a single request. */
  public KeysIssued decideEncKeys(String masterSae, String slaveSae, int number, int sizeBits) {
    return plan().decideEncKeys(masterSae, slaveSae, number, sizeBits);
  }

  /** {@link Planner#decideDecKeys} for a single request. */
  public Retrieval decideDecKeys(String masterSae, String slaveSae, List<UUID> keyIds) {
    return plan().decideDecKeys(masterSae, slaveSae, keyIds);
  }

  /** Applies an event; the only place the state changes. */
  public void apply(KmeEvent event) {
    if (event instanceof MaterialStored m) {
      store.add(m.bits());
      lastBlockId = m.blockId();
      lastBlockAtNs = m.atNs();
    } else if (event instanceof KeysIssued k) {
      for (UUID id : k.keyIds()) {
        pending.put(id, new Pending(k.masterSae(), k.slaveSae(), store.take(k.sizeBits() / 8)));
      }
      issuedCount += k.keyIds().size();
    } else if (event instanceof KeysRetrieved r) {
      r.keyIds().forEach(pending::remove);
    } else if (event instanceof KmeEvent.Group g) {
      g.events().forEach(this::apply);
    }
  }

  /** The keys an applied {@link KeysIssued} handed out, for the master's answer. */
  public List<DeliveredKey> issuedKeys(KeysIssued issued) {
    List<DeliveredKey> keys = new ArrayList<>(issued.keyIds().size());
    for (UUID id : issued.keyIds()) {
      keys.add(new DeliveredKey(id, pending.get(id).key.clone()));
    }
    return keys;
  }

  public KmeStatus status(KmeDirectory.Route route) {
    return new KmeStatus(route.sourceKmeId(), route.targetKmeId(), route.masterSae(),
        route.slaveSae(), limits.keySizeBits(), store.bits() / limits.keySizeBits(),
        limits.maxKeyCount(), limits.maxKeysPerRequest(), limits.maxKeySizeBits(),
        limits.minKeySizeBits(), 0);
  }

  public long storedBits() {
    return store.bits();
  }

  /** Keys handed to a master and not yet to its slave. */
  public int pendingKeys() {
    return pending.size();
  }

  public KmeLimits limits() {
    return limits;
  }
}
