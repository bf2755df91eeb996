package io.qbone.deploy.fuzz;

/**
 * How much fuzzing a test run does. CI runs the bounded budget; {@code -Dqbone.fuzz.scale=N}
 * multiplies every count by N (the longer budget, docs/validation.md "Fuzzing"), and
 * {@code -Dqbone.fuzz.seed=S} starts the generators elsewhere. Budgets are counts of inputs and
 * of virtual time, never wall-clock time, so a run does the same work on any machine.
 */
final class FuzzBudget {
  /** Default seed: fixed, so CI fuzzes the same inputs every time and a failure reproduces. */
  static final long DEFAULT_SEED = 20_261_207L;

  private FuzzBudget() {}

  static int scale() {
    return Math.max(1, Integer.getInteger("qbone.fuzz.scale", 1));
  }

  static long seed() {
    return Long.getLong("qbone.fuzz.seed", DEFAULT_SEED);
  }

  /** {@code ciCount} times the scale. */
  static int count(int ciCount) {
    return ciCount * scale();
  }
}
