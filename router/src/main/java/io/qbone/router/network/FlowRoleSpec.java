package io.qbone.router.network;

/**
 * What one node does for one flow: its position on the route and the memory qubits it sets
 * aside for the flow on the link towards the source (left) and towards the destination (right).
 */
public record FlowRoleSpec(int flow, int position, int leftSlots, int rightSlots) {}
