package io.qbone.bench;

import io.qbone.deploy.scenario.ScenarioGenerator;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.physics.Fiber;
import io.qbone.node.placement.LpGraph;
import io.qbone.node.placement.Partition;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Time and quality of the placement partition on chains, square grids and Waxman graphs of N
 * nodes over M members: wall time of {@link LpGraph#partition} (median of 3 after a warm-up),
 * cut links (count and share of all links), imbalance and the shortest cut link's delay against
 * the shortest link's. Appends one CSV row per case to the output file and echoes it.
 *
 * <p>Run: {@code bench/partition.sh [sizes] [members]} (default 10000,1000000 and 2,4,8).
 */
public final class PartitionCost {
  private PartitionCost() {}

  public static void main(String[] args) throws IOException {
    int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "10000,1000000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int[] members = Arrays.stream((args.length > 1 ? args[1] : "2,4,8").split(","))
        .mapToInt(Integer::parseInt).toArray();
    Path out = Path.of(args.length > 2 ? args[2] : "bench/results/partition.csv");
    Files.createDirectories(out.toAbsolutePath().getParent());
    boolean header = !Files.exists(out);
    try (PrintStream csv = new PrintStream(Files.newOutputStream(out,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
      String head = "graph,nodes,links,members,partition_s,cut_links,cut_share,imbalance,"
          + "min_cut_delay_ns,min_link_delay_ns,lps_per_member";
      if (header) {
        csv.println(head);
      }
      System.out.println(head);
      for (int n : sizes) {
        for (String kind : new String[] {"chain", "grid", "waxman"}) {
          LpGraph g = graph(kind, n);
          for (int m : members) {
            String row = measure(kind, g, m);
            csv.println(row);
            System.out.println(row);
          }
        }
      }
    }
  }

  private static String measure(String kind, LpGraph g, int members) {
    g.partition(members);
    long[] nanos = new long[3];
    Partition p = null;
    for (int i = 0; i < nanos.length; i++) {
      long t = System.nanoTime();
      p = g.partition(members);
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    return String.join(",", kind, Integer.toString(g.nodeCount()),
        Integer.toString(g.linkCount()), Integer.toString(members),
        String.format("%.3f", nanos[1] / 1e9), Long.toString(p.cutLinks()),
        String.format("%.5f", (double) p.cutLinks() / g.linkCount()),
        String.format("%.4f", p.imbalance()), Long.toString(p.minCutDelayNs()),
        Long.toString(g.minDelayNs()), Arrays.toString(p.lpsPerMember()).replace(", ", " "));
  }

  /** Links of 20 km (chain, grid); a Waxman graph of mean degree about 4, 2 km² per node. */
  static LpGraph graph(String kind, int n) throws IOException {
    Links links = new Links();
    switch (kind) {
      case "chain" -> {
        for (int i = 0; i + 1 < n; i++) {
          links.add(i, i + 1, 20);
        }
      }
      case "grid" -> {
        int side = (int) Math.round(Math.sqrt(n));
        n = side * side;
        for (int r = 0; r < side; r++) {
          for (int c = 0; c < side; c++) {
            int v = r * side + c;
            if (c + 1 < side) {
              links.add(v, v + 1, 20);
            }
            if (r + 1 < side) {
              links.add(v, v + side, 20);
            }
          }
        }
      }
      case "waxman" -> {
        double side = Math.sqrt(2.0 * n);
        double alpha = 0.15;
        // Mean degree ~ beta * n * 2 pi (alpha L)^2 / side^2, L = side * sqrt 2.
        double beta = Math.min(1.0, 4.0 / (n * 2 * Math.PI * alpha * alpha * 2));
        ScenarioGenerator.waxmanLinks(
            new ScenarioGenerator.Waxman(n, side, alpha, beta, 0, 1, 1, null), links::add);
      }
      default -> throw new IllegalArgumentException("unknown graph " + kind);
    }
    return new LpGraph(n, links.a(), links.b(), links.delays());
  }

  /** Growing link arrays; delays as a scenario's default fibre gives them. */
  private static final class Links {
    private int[] a = new int[1024];
    private int[] b = new int[1024];
    private long[] d = new long[1024];
    private int count;

    void add(int from, int to, double km) {
      if (count == a.length) {
        a = Arrays.copyOf(a, 2 * count);
        b = Arrays.copyOf(b, 2 * count);
        d = Arrays.copyOf(d, 2 * count);
      }
      a[count] = from;
      b[count] = to;
      d[count] = Math.max(1, Fiber.delayNs(km, LinkConfig.DEFAULT_REFRACTIVE_INDEX));
      count++;
    }

    int[] a() {
      return Arrays.copyOf(a, count);
    }

    int[] b() {
      return Arrays.copyOf(b, count);
    }

    long[] delays() {
      return Arrays.copyOf(d, count);
    }
  }
}
