package io.qbone.node.engine;

import com.google.protobuf.Message;
import io.qbone.protocol.v1.InitLp;
import io.qbone.protocol.v1.LpMessage;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The sharded entity of one network element. Cluster Sharding creates it where its shard lives
 * (window 0, {@code InitLp}) and delivers to it the messages injected from outside the run
 * (messages from other members' LPs come in their member's batch, straight to the inbox); it
 * hosts the element's {@link LogicalProcess}, which the member's window workers run.
 */
final class LpEntity extends AbstractBehavior<Message> {
  private final int lp;
  private final MemberRuntime runtime;
  private LogicalProcess process;
  /** Its model failed to start; the run is failing. */
  private boolean failed;

  static Behavior<Message> create(int lp, MemberRuntime runtime) {
    return Behaviors.setup(ctx -> new LpEntity(ctx, lp, runtime));
  }

  private LpEntity(ActorContext<Message> ctx, int lp, MemberRuntime runtime) {
    super(ctx);
    this.lp = lp;
    this.runtime = runtime;
  }

  @Override
  public Receive<Message> createReceive() {
    return newReceiveBuilder()
        .onMessage(LpMessage.class, this::onLpMessage)
        .onMessage(InitLp.class, this::onInit)
        .onAnyMessage(this::onUnknown)
        .build();
  }

  private Behavior<Message> onInit(InitLp init) {
    if (process == null && !failed) {
      try {
        process = new LogicalProcess(lp, runtime);
      } catch (WatchdogException stop) {
        getContext().getLog().info("LP {} stopped by the watchdog: {}", lp, stop.getMessage());
        fail(stop.getMessage(), true);
        return this;
      } catch (RuntimeException bug) {
        // The InitLp must still count as received, or window 0 would never close.
        getContext().getLog().error("LP {} failed to start", lp, bug);
        fail("LP " + lp + " failed to start: " + bug, false);
        return this;
      }
      runtime.ledger.registerInitialized(lp, process, process.nextEventTime());
    }
    return this;
  }

  private void fail(String why, boolean byWatchdog) {
    failed = true;
    runtime.ledger.recordFailure(why, byWatchdog);
    runtime.ledger.registerFailedStart();
  }

  /**
   * A message through sharding (an injection). Counted as received here even if it turns out
   * malformed, since its sender counted it as sent: the window must still close.
   */
  private Behavior<Message> onLpMessage(LpMessage m) {
    if (process == null) {
      getContext().getLog().warn("LP {} got a message before it was created; dropped", lp);
      return this;
    }
    process.deliver(m);
    runtime.ledger.recordReceipt(lp, m.getDeliverAtNs());
    return this;
  }

  private Behavior<Message> onUnknown(Message m) {
    getContext().getLog().warn("LP {} dropped an unexpected {}", lp, m.getClass().getSimpleName());
    if (process != null) {
      process.countUnexpected();
    }
    return this;
  }
}
