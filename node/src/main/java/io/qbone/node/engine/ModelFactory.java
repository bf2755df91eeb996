package io.qbone.node.engine;

/** Creates the model of LP {@code lp}; called on the member that hosts it. */
@FunctionalInterface
public interface ModelFactory {
  LpModel create(int lp);

  /** Messages from outside the model the LPs receive at fixed virtual times (none by default). */
  default MessageSchedule schedule() {
    return MessageSchedule.empty();
  }

  /** This factory with {@code schedule} as its scheduled messages. */
  default ModelFactory withSchedule(MessageSchedule schedule) {
    ModelFactory models = this;
    return new ModelFactory() {
      @Override
      public LpModel create(int lp) {
        return models.create(lp);
      }

      @Override
      public MessageSchedule schedule() {
        return schedule;
      }
    };
  }
}
