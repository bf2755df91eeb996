package io.qbone.qkd.node;

import io.qbone.qkd.link.BlockPhysics;
import io.qbone.qkd.pool.KeyPool;
import io.qbone.protocol.v1.QkdChannelReport;

/**
 * One node's end of a key channel: its copy of the two direction pools and, at the generating
 * end, the block generator's state and statistics.
 */
final class ChannelEnd {
  final KeyChannel channel;
  final boolean generator;
  /** Key end a spends towards b (and b receives from a). */
  final KeyPool forward;
  /** Key end b spends towards a. */
  final KeyPool backward;

  double eveFraction;
  BlockPhysics physics;
  boolean cut;
  boolean alarmed;
  /** Bumped when a cut stops generation, so a block scheduled before the cut is ignored. */
  long epoch;
  long nextBlockId;
  long relayBytesOut;

  /** Sifted bits accumulated toward the next block (key-management tick mode). */
  double siftedSinceBlock;
  long lastTickNs;

  // BBM92: sifted bits and error weights accumulated from delivered pairs.
  double siftedAccumulated;
  double qberZSum;
  double qberXSum;

  long blocks;
  long blocksAborted;
  long siftedBits;
  long secretBits;
  long pooledBits;
  double qberSum;
  double qberSqSum;

  ChannelEnd(KeyChannel channel, int self, long poolBytes, boolean keepHistory) {
    this.channel = channel;
    this.generator = channel.a() == self;
    this.forward = new KeyPool(poolBytes, keepHistory);
    this.backward = new KeyPool(poolBytes, keepHistory);
    this.physics = channel.model() == null ? null : channel.model().physics(0);
  }

  /** The pool this end spends from when it relays over the channel. */
  KeyPool outbound() {
    return generator ? forward : backward;
  }

  /** The pool this end spends from when it receives a relay over the channel. */
  KeyPool inbound() {
    return generator ? backward : forward;
  }

  boolean usable() {
    return !cut && !alarmed;
  }

  QkdChannelReport report() {
    QkdChannelReport.Builder r = QkdChannelReport.newBuilder().setChannel(channel.index())
        .setRelayBitsUsed(relayBytesOut * 8);
    if (generator) {
      r.setBlocks(blocks).setBlocksAborted(blocksAborted).setSiftedBits(siftedBits)
          .setSecretBits(secretBits).setPooledBits(pooledBits).setQberSum(qberSum)
          .setQberSqSum(qberSqSum).setPoolForwardBits(forward.levelBytes() * 8)
          .setPoolBackwardBits(backward.levelBytes() * 8);
    }
    return r.build();
  }
}
