package io.qbone.qkd.fault;

import io.qbone.node.engine.LpContext;
import io.qbone.protocol.v1.Fault;
import java.util.function.Function;

/** Each LP schedules its own faults from the scenario's schedule as events at their times. */
public final class SelfScheduledFaults implements FaultDelivery {
  private final FaultSchedule schedule;

  public SelfScheduledFaults(FaultSchedule schedule) {
    this.schedule = schedule;
  }

  @Override
  public void start(LpContext ctx, Function<Fault, Object> due) {
    for (ScheduledFault f : schedule.forTarget(ctx.self())) {
      ctx.schedule(f.atNs(), due.apply(f.fault()));
    }
  }
}
