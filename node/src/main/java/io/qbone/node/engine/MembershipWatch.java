package io.qbone.node.engine;

import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Tells when a cluster node with a given role is lost, that is unreachable (the failure
 * detector's verdict) or removed: the launcher watches its members, a member its launcher. A
 * run cannot go on without either (no fail-over yet), so it must fail at once rather than hang.
 */
final class MembershipWatch {
  private MembershipWatch() {}

  /**
   * @param role the role of the nodes to watch
   * @param lost called on the watcher's thread with the lost node and how it was lost
   */
  static Behavior<ClusterEvent.ClusterDomainEvent> create(String role,
      Consumer<String> lost) {
    return Behaviors.setup(ctx -> {
      Cluster cluster = Cluster.get(ctx.getSystem());
      cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(),
          ClusterEvent.UnreachableMember.class));
      cluster.subscriptions().tell(Subscribe.create(ctx.getSelf().narrow(),
          ClusterEvent.MemberRemoved.class));
      return Behaviors.receive(ClusterEvent.ClusterDomainEvent.class)
          .onMessage(ClusterEvent.UnreachableMember.class, e -> {
            report(e.member(), role, "became unreachable", lost);
            return Behaviors.same();
          })
          .onMessage(ClusterEvent.MemberRemoved.class, e -> {
            report(e.member(), role, "left the cluster", lost);
            return Behaviors.same();
          })
          .build();
    });
  }

  private static void report(Member m, String role, String how, Consumer<String> lost) {
    if (m.hasRole(role)) {
      lost.accept(role + " " + m.address() + " " + how);
    }
  }
}
