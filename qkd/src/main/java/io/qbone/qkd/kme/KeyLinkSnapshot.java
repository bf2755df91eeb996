package io.qbone.qkd.kme;

import java.util.List;
import java.util.UUID;

/**
 * A {@link KeyLink}'s whole state at one point of its journal, immutable: the stored key bytes
 * (in the order keys are cut from them), the keys waiting for their slave (in issue order), and
 * the counters that keep block IDs and key IDs from repeating. Replaying the events after it
 * onto {@link KeyLink#restore} gives the state replaying every event would; the journal before
 * it can then be deleted, so the journal stays proportional to the keys held.
 */
public record KeyLinkSnapshot(long lastBlockId, long lastBlockAtNs, long issuedCount,
    byte[] storedBytes, List<PendingKey> pending) {

  /** A key handed to {@code master}, waiting for {@code slave}. */
  public record PendingKey(UUID id, String master, String slave, byte[] key) {}

  public KeyLinkSnapshot {
    pending = List.copyOf(pending);
  }
}
