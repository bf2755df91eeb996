package io.qbone.qkd.fault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The scenario's faults by target LP, in time order (ties in schedule order). Until the engine
 * can inject messages at given virtual times, each QKD node schedules its own faults at start
 * ({@link SelfScheduledFaults}); switching to engine injection means handing the node an empty
 * schedule and letting the engine deliver the same faults as {@code LpMessage.fault}.
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

  public List<ScheduledFault> forTarget(int lp) {
    List<ScheduledFault> mine = new ArrayList<>();
    for (ScheduledFault f : all) {
      if (f.target() == lp) {
        mine.add(f);
      }
    }
    return mine;
  }

  public boolean isEmpty() {
    return all.isEmpty();
  }
}
