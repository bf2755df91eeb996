package io.qbone.node.engine;

/** Creates the model of LP {@code lp}; called on the member that hosts it. */
@FunctionalInterface
public interface ModelFactory {
  LpModel create(int lp);
}
