package io.qbone.bench;

import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.node.network.Topology;
import io.qbone.router.request.Protocols;
import io.qbone.router.request.RoutingConfig;
import io.qbone.router.routing.NetworkView;
import io.qbone.router.routing.PathRequest;
import io.qbone.router.routing.RoutingProtocol;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Path computations per second of each source-routed protocol on a scenario's topology (the
 * routing cost alone, without the engine): random source/destination pairs, one thread, after a
 * warm-up. Usage: {@code java -cp deploy/target/qbone.jar:bench/target/classes
 * io.qbone.bench.RoutingCost SCENARIO [seconds-per-protocol]}.
 */
public final class RoutingCost {
  private RoutingCost() {}

  public static void main(String[] args) {
    Scenario s = ScenarioLoader.load(Path.of(args[0]));
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    Topology t = new Topology(s.nodes(), s.links());
    NetworkView view = NetworkView.allUp(t);
    System.out.printf(Locale.ROOT, "%d nodes, %d links%n", t.nodeCount(), t.links().size());
    System.out.println("| protocol | path computations/s | mean ms |");
    System.out.println("|---|---|---|");
    for (String name : new String[] {"shortest-hops", "shortest-latency", "fidelity-aware",
        "k-shortest"}) {
      RoutingProtocol p = Protocols.create(RoutingConfig.defaults(name));
      run(p, view, t, 2, new SplittableRandom(1)); // warm-up
      double rate = run(p, view, t, seconds, new SplittableRandom(2));
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f |%n", name, rate, 1000 / rate);
    }
  }

  /** Routes random pairs for {@code seconds}; returns decisions per second. */
  private static double run(RoutingProtocol p, NetworkView view, Topology t, double seconds,
      SplittableRandom rnd) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long n = 0;
    long now;
    do {
      int a = rnd.nextInt(t.nodeCount());
      int b = (a + 1 + rnd.nextInt(t.nodeCount() - 1)) % t.nodeCount();
      p.route(new PathRequest(n, a, b, 5, 0.5, Long.MAX_VALUE), view);
      n++;
      now = System.nanoTime();
    } while (now < end);
    return n / ((now - start) / 1e9);
  }
}
