package io.qbone.node.engine;

import io.qbone.protocol.v1.LpMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Messages from outside the model that LPs receive at fixed virtual times, such as a scenario's
 * fault schedule. They reach the model through {@link LpModel#onMessage} exactly like messages
 * from other LPs, stamped with origin {@link Injector#OUTSIDE} and a sequence number in the order
 * they were added, so they sort before any LP's message at the same instant and the run stays
 * deterministic.
 */
public final class MessageSchedule {
  /**
   * Sequence numbers of scheduled messages start here, far above those of live injections
   * (which count from 0): the two never tie in the event order.
   */
  private static final long FIRST_SEQ = 1L << 62;

  private final Map<Integer, List<LpMessage>> byLp = new TreeMap<>();
  private long nextSeq = FIRST_SEQ;

  /** A schedule with nothing in it (yet). */
  public static MessageSchedule empty() {
    return new MessageSchedule();
  }

  /** Schedules {@code body} for LP {@code lp} at {@code atNs} (>= 0). */
  public MessageSchedule add(int lp, long atNs, LpMessage.Builder body) {
    if (lp < 0 || atNs < 0) {
      throw new IllegalArgumentException("scheduled message for LP " + lp + " at " + atNs + " ns");
    }
    LpMessage m = body.clone().setTarget(lp).setDeliverAtNs(atNs)
        .setOrigin(Injector.OUTSIDE).setSeq(nextSeq++).build();
    byLp.computeIfAbsent(lp, k -> new ArrayList<>()).add(m);
    return this;
  }

  /** What LP {@code lp} is scheduled to receive, in the order added. */
  public List<LpMessage> forLp(int lp) {
    return byLp.getOrDefault(lp, List.of());
  }

  /** How many messages are scheduled in all. */
  public long size() {
    return nextSeq - FIRST_SEQ;
  }
}
