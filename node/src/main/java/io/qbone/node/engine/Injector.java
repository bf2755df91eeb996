package io.qbone.node.engine;

import io.qbone.protocol.v1.LpMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Messages from outside the emulation (the HTTP API) into LPs of a running run. Any thread may
 * {@link #inject}; the global coordinator takes what is pending when a window closes and
 * delivers it stamped with the end of that window, the earliest virtual time no LP has run yet,
 * so no LP ever sees a message in its past. The coordinator decides the stamp, not the wall
 * clock: the applied injections, in order with their stamps, are part of the run's result and
 * replaying them at those times reproduces the run.
 */
public final class Injector {
  /** Origin of injected messages: before every LP in the (time, origin, sequence) event order. */
  public static final int OUTSIDE = -1;

  private record Pending(LpMessage.Builder message, CompletableFuture<Long> appliedAt) {}

  private final int lpCount;
  private final List<Pending> pending = new ArrayList<>();
  private final List<LpMessage> applied = new ArrayList<>();
  private boolean closed;

  /** @param lpCount LPs of the run the messages go to */
  public Injector(int lpCount) {
    this.lpCount = lpCount;
  }

  /**
   * Queues {@code body} (an {@link LpMessage} with only its body set) for LP {@code lp}.
   *
   * @return completes with the virtual time the message is delivered at, or exceptionally with
   *     an {@link IllegalStateException} when the run ended before it could be delivered
   * @throws IllegalArgumentException when {@code lp} is not an LP of the run or no body is set
   */
  public synchronized CompletableFuture<Long> inject(int lp, LpMessage.Builder body) {
    if (lp < 0 || lp >= lpCount) {
      throw new IllegalArgumentException("no LP " + lp + " (the run has " + lpCount + ")");
    }
    if (body.getBodyCase() == LpMessage.BodyCase.BODY_NOT_SET) {
      throw new IllegalArgumentException("an injected message needs a body");
    }
    CompletableFuture<Long> appliedAt = new CompletableFuture<>();
    if (closed) {
      appliedAt.completeExceptionally(new IllegalStateException("the run has ended"));
    } else {
      pending.add(new Pending(body.clone().setTarget(lp).setOrigin(OUTSIDE), appliedAt));
    }
    return appliedAt;
  }

  /** True when messages wait for the next window boundary. */
  synchronized boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Stamps what is pending for delivery at {@code atNs} and records it as applied. */
  synchronized List<LpMessage> take(long atNs) {
    List<LpMessage> out = new ArrayList<>(pending.size());
    for (Pending p : pending) {
      LpMessage m = p.message().setDeliverAtNs(atNs).setSeq(applied.size()).build();
      applied.add(m);
      out.add(m);
    }
    List<Pending> taken = List.copyOf(pending);
    pending.clear();
    // Completed on another thread: callers' continuations never run inside the coordinator.
    taken.forEach(p -> p.appliedAt().completeAsync(() -> atNs));
    return out;
  }

  /** The run is over: later and still pending injections fail. */
  synchronized void close() {
    closed = true;
    for (Pending p : pending) {
      p.appliedAt().completeExceptionally(new IllegalStateException("the run ended first"));
    }
    pending.clear();
  }

  /** Every message delivered so far, in delivery order, with its stamp. */
  public synchronized List<LpMessage> applied() {
    return List.copyOf(applied);
  }
}
