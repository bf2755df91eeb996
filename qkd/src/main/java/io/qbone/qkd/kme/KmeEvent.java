package io.qbone.qkd.kme;

import java.util.List;
import java.util.UUID;

/**
 * What happened to the keys of one KME pair; the store is rebuilt by replaying these (event
 * sourcing), so each event carries only what replay cannot recompute.
 */
public sealed interface KmeEvent {
  /**
   * A block of key material entered the store (both KMEs hold the same bits); {@code atNs} is
   * the virtual time the model produced it (0 in journals written before it was recorded).
   */
  record MaterialStored(long blockId, long atNs, byte[] bits) implements KmeEvent {}

  /**
   * Keys were cut from the head of the store and given to the master SAE; they wait for the
   * slave. The bytes follow from the store's state, so only the IDs are recorded.
   */
  record KeysIssued(String masterSae, String slaveSae, int sizeBits, List<UUID> keyIds)
      implements KmeEvent {}

  /** The slave SAE received these keys; they are gone from both KMEs. */
  record KeysRetrieved(List<UUID> keyIds) implements KmeEvent {}

  /**
   * The events of one group commit, in the order they were decided, journaled as one record: a
   * journal row costs the database far more than its bytes (indexes, identity, page rewrites).
   * Groups never nest.
   */
  record Group(List<KmeEvent> events) implements KmeEvent {
    public Group {
      events = List.copyOf(events);
      if (events.stream().anyMatch(Group.class::isInstance)) {
        throw new IllegalArgumentException("a group of events cannot hold a group");
      }
    }
  }
}
