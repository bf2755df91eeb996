package io.qbone.node.network;

import io.qbone.protocol.v1.Fault;

/** A fault of the scenario's schedule: delivered to LP {@code target} at virtual {@code atNs}. */
public record ScheduledFault(int target, long atNs, Fault fault) {}
