package io.qbone.node.network;

import io.qbone.node.engine.MessageSchedule;
import io.qbone.protocol.v1.LpMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The scenario's faults in time order (ties in schedule order). The engine delivers them to their
 * target LPs as {@code LpMessage.fault} at their times ({@link #messages}).
 */
public final class FaultSchedule {
  public static final FaultSchedule EMPTY = new FaultSchedule(List.of());

  private final List<ScheduledFault> all;

  public FaultSchedule(List<ScheduledFault> faults) {
    List<ScheduledFault> sorted = new ArrayList<>(faults);
    sorted.sort(Comparator.comparingLong(ScheduledFault::atNs)); // stable: keeps schedule order
    this.all = List.copyOf(sorted);
  }

  public List<ScheduledFault> all() {
    return all;
  }

  /** The faults as messages the engine delivers to their targets at their times. */
  public MessageSchedule messages() {
    MessageSchedule m = new MessageSchedule();
    for (ScheduledFault f : all) {
      m.add(f.target(), f.atNs(), LpMessage.newBuilder().setFault(f.fault()));
    }
    return m;
  }

  public boolean isEmpty() {
    return all.isEmpty();
  }
}
