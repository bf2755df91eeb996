package io.qbone.node.engine;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.dispatch.Futures;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;

/**
 * Makes Cluster Sharding follow an {@link LpPlacement} instead of hashing: LP i lives in shard
 * {@code m * SHARDS_PER_MEMBER + i % SHARDS_PER_MEMBER} with m its member, and the allocation
 * strategy gives every shard of member m to the m-th shard region in address order. Shards are
 * never rebalanced. Needs every member's region registered before the first LP message (the
 * engine waits for that), and fails an allocation, which sharding retries, until they are.
 */
final class PlacementSharding {
  /** Several shards per member, so incoming remote messages are not funnelled through one actor. */
  static final int SHARDS_PER_MEMBER = 8;

  private PlacementSharding() {}

  static ShardingMessageExtractor<ShardingEnvelope<Message>, Message> extractor(
      LpPlacement placement) {
    String[] shardOf = new String[placement.lpCount()];
    for (int lp = 0; lp < shardOf.length; lp++) {
      shardOf[lp] = Integer.toString(
          placement.memberOf(lp) * SHARDS_PER_MEMBER + lp % SHARDS_PER_MEMBER);
    }
    return new ShardingMessageExtractor<>() {
      @Override
      public String entityId(ShardingEnvelope<Message> envelope) {
        return envelope.entityId();
      }

      @Override
      public String shardId(String entityId) {
        return shardOf[Integer.parseInt(entityId)];
      }

      @Override
      public Message unwrapMessage(ShardingEnvelope<Message> envelope) {
        return envelope.message();
      }
    };
  }

  static ShardCoordinator.ShardAllocationStrategy allocation(int members) {
    return new Allocation(members);
  }

  /** Shard s goes to the region of member s / SHARDS_PER_MEMBER. */
  private static final class Allocation extends ShardCoordinator.AbstractShardAllocationStrategy
      implements ShardCoordinator.ActorSystemDependentAllocationStrategy {
    private final int members;
    private volatile Address self;

    Allocation(int members) {
      this.members = members;
    }

    @Override
    public void start(ActorSystem system) {
      self = Cluster.get(system).selfAddress();
    }

    @Override
    public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
        Map<ActorRef, IndexedSeq<String>> current) {
      List<ActorRef> regions = new ArrayList<>(current.keySet());
      if (regions.size() != members) {
        return Futures.failed(new IllegalStateException("shard " + shardId + " waits for "
            + members + " shard regions, " + regions.size() + " registered"));
      }
      regions.sort((a, b) -> Member.addressOrdering().compare(address(a), address(b)));
      return Futures.successful(regions.get(Integer.parseInt(shardId) / SHARDS_PER_MEMBER));
    }

    /** The coordinator's own region has a local path: it lives at this member's address. */
    private Address address(ActorRef region) {
      Address a = region.path().address();
      return a.hasLocalScope() ? self : a;
    }

    @Override
    public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> current,
        Set<String> inProgress) {
      return Futures.successful(Collections.emptySet());
    }
  }
}
