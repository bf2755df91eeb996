package io.qbone.router.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import io.qbone.node.network.Topology;
import io.qbone.router.request.SwapSchedule;
import io.qbone.router.routing.Route;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-out order of a node's shared request memory, on the repeater of a 2-hop route. */
class SharedMemoryTest {
  private static final Topology T = new Topology(
      List.of(node("a"), node("r"), node("b")),
      List.of(new LinkConfig("a", "r", 10, 0.2, 1.468, 0.95, 0.5, 0),
          new LinkConfig("r", "b", 10, 0.2, 1.468, 0.95, 0.5, 0)));
  private static final Route ROUTE = Route.along(0, T, new int[] {0, 1, 2}, new int[] {0, 1});

  private final List<String> grants = new ArrayList<>();
  private final SharedMemory.Grant record = (c, left, right) ->
      grants.add(c.id() + ":" + left + "," + right);

  @Test
  void circuitsAreServedFirstComeAndTakeTurnsPairByPair() {
    SharedMemory memory = new SharedMemory(2);
    Circuit a = repeater(1, 0);
    Circuit b = repeater(2, 0);
    memory.ask(0, a, 1, 1, record);
    memory.ask(0, b, 1, 1, record);
    assertEquals(List.of("1:1,1"), grants, "b waits: one unit of two qubits");
    memory.recycle(10, a, 1, 1, record); // a swapped: its unit goes to b, a queues again
    assertEquals(List.of("1:1,1", "2:1,1"), grants);
    memory.recycle(20, b, 1, 1, record);
    assertEquals(List.of("1:1,1", "2:1,1", "1:1,1"), grants);
    assertEquals(2, memory.inUse());
    assertEquals(2, memory.peak());
    // 2 qubits from 0 to 20 ns.
    assertEquals(40.0, memory.inUseQubitNs(20), 1e-9);
  }

  @Test
  void aCircuitThatLosesOneSideKeepsTheFreedQubit() {
    SharedMemory memory = new SharedMemory(2);
    Circuit a = repeater(1, 0);
    Circuit b = repeater(2, 0);
    memory.ask(0, a, 1, 1, record);
    memory.ask(0, b, 1, 1, record);
    // a's left qubit is discarded at its cutoff while a holds its right one: had a queued
    // behind b (who needs 2 with 1 free), neither could ever go on.
    memory.recycle(5, a, 1, 0, record);
    assertEquals(List.of("1:1,1", "1:1,0"), grants);
    assertEquals(2, memory.inUse());
    assertEquals(1, memory.waitingCount());
  }

  @Test
  void priorityGoesFirstAndAHighPriorityCircuitKeepsWhatItReturns() {
    SharedMemory memory = new SharedMemory(2);
    Circuit low = repeater(1, 0);
    Circuit high = repeater(2, 5);
    Circuit lowLater = repeater(3, 0);
    memory.ask(0, low, 1, 1, record);
    memory.ask(0, lowLater, 1, 1, record);
    memory.ask(1, high, 1, 1, record);
    memory.recycle(2, low, 1, 1, record);
    assertEquals(List.of("1:1,1", "2:1,1"), grants, "high overtakes the earlier low asks");
    memory.recycle(3, high, 1, 1, record);
    assertEquals(List.of("1:1,1", "2:1,1", "2:1,1"), grants, "and keeps the repeater");
    memory.close(4, high, record);
    assertEquals(List.of("1:1,1", "2:1,1", "2:1,1", "3:1,1"), grants,
        "closing frees its unit for the longest-waiting low-priority circuit");
  }

  private static Circuit repeater(long id, int priority) {
    return new Circuit(id, -1, ROUTE, 1, 1, 1, 0, SwapSchedule.ASAP, 0, priority);
  }

  private static NodeConfig node(String name) {
    return new NodeConfig(name, "repeater", 4, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN);
  }
}
