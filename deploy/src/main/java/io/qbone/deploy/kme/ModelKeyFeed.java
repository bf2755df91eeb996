package io.qbone.deploy.kme;

import io.qbone.qkd.kme.KmeDirectory.LinkId;
import io.qbone.qkd.pool.KeyBlockSink;
import io.qbone.qkd.pool.KeyMaterial;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where key material reaches the KMEs during {@code qbone serve}: the end-to-end keys the QKD
 * model delivers to the scenario's key demands ({@link KeyBlockSink}, called by the demand's
 * source node when the destination's acknowledgement arrives, in paced virtual time).
 *
 * <p>Each served node pair is fed by exactly one demand ({@link KmeSection#feeds()}). A key
 * becomes a KME block whose ID is its ordinal among that demand's delivered keys (0, 1, 2, ...):
 * the model's own key ID can arrive out of order when relay paths change, and the KMEs drop any
 * block whose ID is not above the last one they stored. The ordinal is a stable identity because
 * one source LP hands over a demand's keys in virtual-time order, and a re-run from the same
 * seed delivers the same keys in the same order; so a restarted {@code serve} re-delivers the
 * blocks the journal already holds under the same IDs, and the KMEs ignore them.
 */
public final class ModelKeyFeed implements KeyBlockSink {
  /** The model's key block ID is {@code demand << 40 | key id} (docs/qkd.md 5.3). */
  private static final int DEMAND_SHIFT = 40;

  private final LinkId[] linkOfDemand;
  private final AtomicLongArray delivered;
  private final KeyBlockSink kmes;

  /** Feeds {@code kmes} from the demands {@code section} maps to served node pairs. */
  public ModelKeyFeed(KmeSection section, KeyBlockSink kmes) {
    SortedMap<Integer, LinkId> feeds = section.feeds();
    int demands = feeds.isEmpty() ? 0 : feeds.lastKey() + 1;
    this.linkOfDemand = new LinkId[demands];
    feeds.forEach((demand, link) -> linkOfDemand[demand] = link);
    this.delivered = new AtomicLongArray(demands);
    this.kmes = kmes;
  }

  /** The index of the {@code qkd.demands} entry that delivered {@code m}. */
  public static int demandOf(KeyMaterial m) {
    return (int) (m.blockId() >>> DEMAND_SHIFT);
  }

  @Override
  public void accept(KeyMaterial m) {
    int demand = demandOf(m);
    if (demand >= linkOfDemand.length || linkOfDemand[demand] == null) {
      return; // a demand that serves no SAE pair
    }
    LinkId link = linkOfDemand[demand];
    if (m.nodeA() != link.nodeA() || m.nodeB() != link.nodeB()) {
      throw new IllegalStateException("demand " + demand + " delivered a key between nodes "
          + m.nodeA() + " and " + m.nodeB() + ", but it feeds node pair " + link.key());
    }
    long ordinal = delivered.getAndIncrement(demand);
    kmes.accept(new KeyMaterial(m.nodeA(), m.nodeB(), m.atNs(), ordinal, m.bits()));
  }
}
