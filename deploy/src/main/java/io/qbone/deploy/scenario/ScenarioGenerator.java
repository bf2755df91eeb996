package io.qbone.deploy.scenario;

import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Writes synthetic scenarios (format v1) of any size: repeater chains, grids, rings, random
 * connected networks, Waxman and Barabási–Albert networks, and a core backbone with metro rings. Output depends only on the parameters: randomness comes from a
 * {@link SplittableRandom} seeded with {@code seed} (also written as the scenario's seed), with
 * separate streams for structure, lengths and traffic so that changing the number of flows does
 * not reshuffle the topology.
 */
public final class ScenarioGenerator {
  /** Bound on generated links, so that a typo in --degree fails instead of exhausting memory. */
  public static final long MAX_LINKS = 100_000_000;

  private ScenarioGenerator() {}

  /** What a generator wrote. */
  public record Summary(String name, long nodes, long links, long flows) {}

  /**
   * A chain {@code n0 - n1 - ... - n(N-1)} of equal links.
   *
   * @param flowHops links per flow; consecutive flows n0→nH, nH→n2H, ... cover the chain (the
   *     last may be shorter); 0 means one flow over the whole chain
   * @param name scenario name, null for {@code chain-N}
   */
  public record Chain(int nodes, double lengthKm, int flowHops, long seed, double durationS,
      String name) {
    public Chain {
      check(nodes >= 2, "--nodes must be >= 2, got " + nodes);
      check(positive(lengthKm), "--length-km must be > 0, got " + lengthKm);
      check(flowHops >= 0 && flowHops <= nodes - 1,
          "--flow-hops must be between 1 and nodes - 1 = " + (nodes - 1) + ", got " + flowHops);
      check(positive(durationS), "--duration-s must be > 0, got " + durationS);
    }
  }

  /**
   * A rows × cols grid {@code r{i}c{j}} linked to right and down neighbours.
   *
   * @param flows number of flows: the first corner to opposite corner, the others between random
   *     distinct pairs
   * @param name scenario name, null for {@code grid-RxC}
   */
  public record Grid(int rows, int cols, double lengthKm, int flows, long seed, double durationS,
      String name) {
    public Grid {
      check(rows >= 1 && cols >= 1 && (long) rows * cols >= 2,
          "--rows and --cols must be >= 1 with at least 2 nodes, got " + rows + "x" + cols);
      check((long) rows * cols <= Integer.MAX_VALUE, "grid too large: " + rows + "x" + cols);
      check(positive(lengthKm), "--length-km must be > 0, got " + lengthKm);
      checkFlows(flows, (long) rows * cols);
      check(positive(durationS), "--duration-s must be > 0, got " + durationS);
    }
  }

  /**
   * A random connected network: a random tree (node i > 0 links to a uniformly chosen earlier
   * node) plus random extra links, never parallel, until the mean degree reaches {@code degree}
   * (a degree below a tree's gives the tree; above a complete graph's gives the complete graph).
   *
   * @param minKm shortest link, km (lengths are uniform in [minKm, maxKm], to the metre)
   * @param flows number of flows between random distinct node pairs
   * @param name scenario name, null for {@code random-N}
   */
  public record RandomNetwork(int nodes, double degree, double minKm, double maxKm, int flows,
      long seed, double durationS, String name) {
    public RandomNetwork {
      check(nodes >= 2, "--nodes must be >= 2, got " + nodes);
      check(degree >= 0 && Double.isFinite(degree), "--degree must be >= 0, got " + degree);
      check(linkCount(nodes, degree) <= MAX_LINKS,
          "--degree " + degree + " asks for more than " + MAX_LINKS + " links");
      check(minKm >= 0.001 && Double.isFinite(maxKm) && maxKm >= minKm,
          "--min-km must be >= 0.001 and <= --max-km, got " + minKm + " and " + maxKm);
      checkFlows(flows, nodes);
      check(positive(durationS), "--duration-s must be > 0, got " + durationS);
    }

    /** Links written: degree × nodes / 2, but at least a tree and at most a complete graph. */
    public long linkCount() {
      return linkCount(nodes, degree);
    }

    private static long linkCount(int nodes, double degree) {
      long complete = (long) nodes * (nodes - 1) / 2;
      return Math.min(complete, Math.max(nodes - 1L, Math.round(degree * nodes / 2)));
    }
  }

  /**
   * A ring {@code n0 - n1 - ... - n(N-1) - n0} of equal links.
   *
   * @param flows number of flows: the first from n0 to the opposite node n(N/2), the others
   *     between random distinct pairs
   * @param name scenario name, null for {@code ring-N}
   */
  public record Ring(int nodes, double lengthKm, int flows, long seed, double durationS,
      String name) {
    public Ring {
      check(nodes >= 3, "--nodes must be >= 3 for a ring, got " + nodes);
      check(positive(lengthKm), "--length-km must be > 0, got " + lengthKm);
      checkFlows(flows, nodes);
      check(positive(durationS), "--duration-s must be > 0, got " + durationS);
    }
  }

  /**
   * A Waxman network (Waxman 1988): nodes uniform in a square of side {@code sideKm}, each pair
   * linked with probability beta·exp(−d/(alpha·L)), L the square's diagonal, link length the
   * distance (at least 1 km); components are then joined by their shortest links.
   *
   * @param flows number of flows between random distinct node pairs
   * @param name scenario name, null for {@code waxman-N}
   */
  public record Waxman(int nodes, double sideKm, double alpha, double beta, int flows, long seed,
      double durationS, String name) {
    public Waxman {
      check(nodes >= 2, "--nodes must be >= 2, got " + nodes);
      check(positive(sideKm), "--side-km must be > 0, got " + sideKm);
      check(positive(alpha), "--alpha must be > 0, got " + alpha);
      check(beta > 0 && beta <= 1, "--beta must be in (0, 1], got " + beta);
      // beta bounds every pair's probability, so this bounds the expected number of links.
      check(beta * nodes * (nodes - 1.0) / 2 <= MAX_LINKS, "--beta " + beta + " could give up to "
          + ScenarioWriter.decimal(beta * nodes * (nodes - 1.0) / 2, 0) + " links for "
          + nodes + " nodes (limit " + MAX_LINKS + "); lower --beta");
      checkFlows(flows, nodes);
      check(positive(durationS), "--duration-s must be > 0, got " + durationS);
    }
  }

  /**
   * A Barabási–Albert network (Science 286, 509 (1999)): a clique of {@code m} nodes, then each
   * new node links to m distinct earlier nodes chosen in proportion to their degree.
   *
   * @param minKm shortest link, km (lengths uniform in [minKm, maxKm], to the metre)
   * @param flows number of flows between random distinct node pairs
   * @param name scenario name, null for {@code ba-N}
   */
  public record BarabasiAlbert(int nodes, int m, double minKm, double maxKm, int flows, long seed,
      double durationS, String name) {
    public BarabasiAlbert {
      check(m >= 1, "--m must be >= 1, got " + m);
      check(nodes > m, "--nodes must be > --m = " + m + ", got " + nodes);
      check(PreferentialAttachment.linkCount(nodes, m) <= MAX_LINKS,
          "--m " + m + " gives more than " + MAX_LINKS + " links");
      check(minKm >= 0.001 && Double.isFinite(maxKm) && maxKm >= minKm,
          "--min-km must be >= 0.001 and <= --max-km, got " + minKm + " and " + maxKm);
      checkFlows(flows, nodes);
      check(positive(durationS), "--duration-s must be > 0, got " + durationS);
    }
  }

  /**
   * A long-haul core with metro rings. Core nodes {@code c0 .. c(C-1)} form a ring lattice: core
   * node i links to i+1 .. i+coreDegree/2 (mod C), a ring for degree 2 and a denser mesh above.
   * Each core node ci closes a metro ring {@code ci - cim0 - cim1 - ... - cim(M-1) - ci} (a single
   * spur link when M = 1).
   *
   * @param flows number of flows between random metro nodes of different metros
   * @param name scenario name, null for {@code backbone-CxM}
   */
  public record Backbone(int core, int coreDegree, double coreKm, int metro, double metroKm,
      int flows, long seed, double durationS, String name) {
    public Backbone {
      check(core >= 3, "--core must be >= 3, got " + core);
      check(coreDegree >= 2 && coreDegree % 2 == 0 && coreDegree <= core - 1,
          "--core-degree must be even, >= 2 and <= --core - 1 = " + (core - 1) + ", got "
              + coreDegree);
      check(positive(coreKm), "--core-km must be > 0, got " + coreKm);
      check(metro >= 1, "--metro must be >= 1, got " + metro);
      check((long) core * (metro + 1) <= Integer.MAX_VALUE,
          "--core x (--metro + 1) nodes too many: " + core + " x " + (metro + 1));
      check(positive(metroKm), "--metro-km must be > 0, got " + metroKm);
      long pairs = (long) metro * metro * core * (core - 1) / 2;
      check(flows >= 0 && flows <= pairs, "--flows must be between 0 and " + pairs
          + " (pairs of metro nodes in different metros), got " + flows);
      check(positive(durationS), "--duration-s must be > 0, got " + durationS);
    }
  }

  public static Summary chain(Chain spec, Writer out) throws IOException {
    int n = spec.nodes();
    int hops = spec.flowHops() == 0 ? n - 1 : spec.flowHops();
    String name = spec.name() != null ? spec.name() : "chain-" + n;
    ScenarioWriter w = new ScenarioWriter(out);
    w.header("generated: qbone generate chain --nodes " + n + " --length-km "
        + ScenarioWriter.decimal(spec.lengthKm(), 3) + " --flow-hops " + hops,
        name, spec.seed(), spec.durationS());
    w.section("nodes", false);
    for (int i = 0; i < n; i++) {
      w.node("n" + i, i == 0 || i == n - 1 ? "end" : "repeater");
    }
    w.section("links", false);
    for (int i = 0; i + 1 < n; i++) {
      w.link("n" + i, "n" + (i + 1), spec.lengthKm());
    }
    w.section("flows", false);
    for (int from = 0, k = 0; from < n - 1; from += hops, k++) {
      w.flow("f" + k, "n" + from, "n" + Math.min(from + hops, n - 1));
    }
    return w.finish(name);
  }

  public static Summary grid(Grid spec, Writer out) throws IOException {
    int rows = spec.rows();
    int cols = spec.cols();
    int n = rows * cols;
    SplittableRandom root = new SplittableRandom(spec.seed());
    int[][] flows = new int[spec.flows()][];
    Set<Long> used = new HashSet<>();
    if (flows.length > 0) {
      flows[0] = new int[] {0, n - 1};
      used.add(pairKey(0, n - 1));
    }
    SplittableRandom traffic = root.split();
    for (int k = 1; k < flows.length; k++) {
      flows[k] = distinctPair(traffic, n, used);
    }
    boolean[] ends = endpoints(n, flows);
    String name = spec.name() != null ? spec.name() : "grid-" + rows + "x" + cols;
    ScenarioWriter w = new ScenarioWriter(out);
    w.header("generated: qbone generate grid --rows " + rows + " --cols " + cols
        + " --length-km " + ScenarioWriter.decimal(spec.lengthKm(), 3)
        + " --flows " + spec.flows(), name, spec.seed(), spec.durationS());
    w.section("nodes", false);
    for (int i = 0; i < n; i++) {
      w.node(gridName(i, cols), ends[i] ? "end" : "repeater");
    }
    w.section("links", false);
    for (int i = 0; i < n; i++) {
      if (i % cols + 1 < cols) {
        w.link(gridName(i, cols), gridName(i + 1, cols), spec.lengthKm());
      }
      if (i / cols + 1 < rows) {
        w.link(gridName(i, cols), gridName(i + cols, cols), spec.lengthKm());
      }
    }
    writeFlows(w, flows, i -> gridName(i, cols));
    return w.finish(name);
  }

  public static Summary random(RandomNetwork spec, Writer out) throws IOException {
    int n = spec.nodes();
    SplittableRandom root = new SplittableRandom(spec.seed());
    SplittableRandom structure = root.split();
    SplittableRandom lengths = root.split();
    SplittableRandom traffic = root.split();
    int m = Math.toIntExact(spec.linkCount());
    int[] ea = new int[m];
    int[] eb = new int[m];
    // Membership only (never iterated), so a hash set keeps the output deterministic.
    Set<Long> edges = new HashSet<>(m * 2);
    for (int i = 1; i < n; i++) {
      ea[i - 1] = structure.nextInt(i);
      eb[i - 1] = i;
      edges.add(pairKey(ea[i - 1], i));
    }
    for (int e = n - 1; e < m; e++) {
      int[] p = distinctPair(structure, n, edges);
      ea[e] = p[0];
      eb[e] = p[1];
    }
    int[][] flows = new int[spec.flows()][];
    Set<Long> used = new HashSet<>();
    for (int k = 0; k < flows.length; k++) {
      flows[k] = distinctPair(traffic, n, used);
    }
    boolean[] ends = endpoints(n, flows);
    String name = spec.name() != null ? spec.name() : "random-" + n;
    ScenarioWriter w = new ScenarioWriter(out);
    w.header("generated: qbone generate random --nodes " + n + " --degree "
        + ScenarioWriter.decimal(spec.degree(), 3) + " --min-km "
        + ScenarioWriter.decimal(spec.minKm(), 3) + " --max-km "
        + ScenarioWriter.decimal(spec.maxKm(), 3) + " --flows " + spec.flows(),
        name, spec.seed(), spec.durationS());
    w.section("nodes", false);
    for (int i = 0; i < n; i++) {
      w.node("n" + i, ends[i] ? "end" : "repeater");
    }
    w.section("links", false);
    double span = spec.maxKm() - spec.minKm();
    for (int e = 0; e < m; e++) {
      w.link("n" + ea[e], "n" + eb[e], spec.minKm() + span * lengths.nextDouble());
    }
    writeFlows(w, flows, i -> "n" + i);
    return w.finish(name);
  }

  public static Summary ring(Ring spec, Writer out) throws IOException {
    int n = spec.nodes();
    SplittableRandom traffic = new SplittableRandom(spec.seed()).split();
    int[][] flows = new int[spec.flows()][];
    Set<Long> used = new HashSet<>();
    if (flows.length > 0) {
      flows[0] = new int[] {0, n / 2};
      used.add(pairKey(0, n / 2));
    }
    for (int k = 1; k < flows.length; k++) {
      flows[k] = distinctPair(traffic, n, used);
    }
    String name = spec.name() != null ? spec.name() : "ring-" + n;
    ScenarioWriter w = new ScenarioWriter(out);
    w.header("generated: qbone generate ring --nodes " + n + " --length-km "
        + ScenarioWriter.decimal(spec.lengthKm(), 3) + " --flows " + spec.flows(),
        name, spec.seed(), spec.durationS());
    writeNodes(w, n, endpoints(n, flows));
    w.section("links", false);
    for (int i = 0; i < n; i++) {
      w.link("n" + i, "n" + (i + 1) % n, spec.lengthKm());
    }
    writeFlows(w, flows, i -> "n" + i);
    return w.finish(name);
  }

  public static Summary waxman(Waxman spec, Writer out) throws IOException {
    int n = spec.nodes();
    SplittableRandom root = new SplittableRandom(spec.seed());
    // The first two streams place the nodes and draw the links (waxmanLinks).
    root.split();
    root.split();
    int[][] flows = randomFlows(root.split(), n, spec.flows());
    String name = spec.name() != null ? spec.name() : "waxman-" + n;
    ScenarioWriter w = new ScenarioWriter(out);
    w.header("generated: qbone generate waxman --nodes " + n + " --side-km "
        + ScenarioWriter.decimal(spec.sideKm(), 3) + " --alpha "
        + ScenarioWriter.decimal(spec.alpha(), 6) + " --beta "
        + ScenarioWriter.decimal(spec.beta(), 6) + " --flows " + spec.flows(),
        name, spec.seed(), spec.durationS());
    writeNodes(w, n, endpoints(n, flows));
    w.section("links", false);
    // Links stream out as they are drawn; none is held in memory.
    waxmanLinks(spec, (a, b, km) -> w.link("n" + a, "n" + b, km));
    writeFlows(w, flows, i -> "n" + i);
    return w.finish(name);
  }

  /** Receives a generated network's links: end node indices and length. */
  public interface LinkSink {
    void link(int a, int b, double lengthKm) throws IOException;
  }

  /**
   * The links {@link #waxman} writes (node i is {@code n<i>}), in its order and with its lengths
   * (at least 1 km), without the scenario around them: for tools that need only the graph.
   */
  public static void waxmanLinks(Waxman spec, LinkSink sink) throws IOException {
    SplittableRandom root = new SplittableRandom(spec.seed());
    SplittableRandom placement = root.split();
    SplittableRandom structure = root.split();
    WaxmanGraph g = new WaxmanGraph(
        spec.nodes(), spec.sideKm(), spec.alpha(), spec.beta(), placement);
    WaxmanGraph.EdgeSink edges = (a, b, km) -> sink.link(a, b, Math.max(1.0, km));
    g.sampleEdges(structure, edges);
    g.joinComponents(edges);
  }

  public static Summary barabasiAlbert(BarabasiAlbert spec, Writer out) throws IOException {
    int n = spec.nodes();
    SplittableRandom root = new SplittableRandom(spec.seed());
    int[] ends = PreferentialAttachment.links(n, spec.m(), root.split());
    SplittableRandom lengths = root.split();
    int[][] flows = randomFlows(root.split(), n, spec.flows());
    String name = spec.name() != null ? spec.name() : "ba-" + n;
    ScenarioWriter w = new ScenarioWriter(out);
    w.header("generated: qbone generate ba --nodes " + n + " --m " + spec.m() + " --min-km "
        + ScenarioWriter.decimal(spec.minKm(), 3) + " --max-km "
        + ScenarioWriter.decimal(spec.maxKm(), 3) + " --flows " + spec.flows(),
        name, spec.seed(), spec.durationS());
    writeNodes(w, n, endpoints(n, flows));
    w.section("links", false);
    double span = spec.maxKm() - spec.minKm();
    for (int e = 0; e < ends.length; e += 2) {
      w.link("n" + ends[e], "n" + ends[e + 1], spec.minKm() + span * lengths.nextDouble());
    }
    writeFlows(w, flows, i -> "n" + i);
    return w.finish(name);
  }

  public static Summary backbone(Backbone spec, Writer out) throws IOException {
    int c = spec.core();
    int m = spec.metro();
    // Node i < C is core node ci; node C + i*M + j is metro node j of core node i.
    int n = c * (m + 1);
    java.util.function.IntFunction<String> nodeName =
        v -> v < c ? "c" + v : "c" + (v - c) / m + "m" + (v - c) % m;
    SplittableRandom traffic = new SplittableRandom(spec.seed()).split();
    int[][] flows = new int[spec.flows()][];
    Set<Long> used = new HashSet<>();
    for (int k = 0; k < flows.length; k++) {
      while (true) {
        int a = traffic.nextInt(c * m);
        int b = traffic.nextInt(c * m);
        if (a / m != b / m && used.add(pairKey(a, b))) {
          flows[k] = new int[] {c + a, c + b};
          break;
        }
      }
    }
    String name = spec.name() != null ? spec.name() : "backbone-" + c + "x" + m;
    ScenarioWriter w = new ScenarioWriter(out);
    w.header("generated: qbone generate backbone --core " + c + " --core-degree "
        + spec.coreDegree() + " --core-km " + ScenarioWriter.decimal(spec.coreKm(), 3)
        + " --metro " + m + " --metro-km " + ScenarioWriter.decimal(spec.metroKm(), 3)
        + " --flows " + spec.flows(), name, spec.seed(), spec.durationS());
    boolean[] ends = endpoints(n, flows);
    w.section("nodes", false);
    for (int v = 0; v < n; v++) {
      w.node(nodeName.apply(v), ends[v] ? "end" : "repeater");
    }
    w.section("links", false);
    for (int i = 0; i < c; i++) {
      for (int d = 1; d <= spec.coreDegree() / 2; d++) {
        // d <= (C - 1)/2, so offsets d and C - d never name the same pair twice.
        w.link(nodeName.apply(i), nodeName.apply((i + d) % c), spec.coreKm());
      }
    }
    for (int i = 0; i < c; i++) {
      int first = c + i * m;
      w.link(nodeName.apply(i), nodeName.apply(first), spec.metroKm());
      for (int j = 1; j < m; j++) {
        w.link(nodeName.apply(first + j - 1), nodeName.apply(first + j), spec.metroKm());
      }
      if (m >= 2) {
        w.link(nodeName.apply(first + m - 1), nodeName.apply(i), spec.metroKm());
      }
    }
    writeFlows(w, flows, nodeName);
    return w.finish(name);
  }

  private static void writeNodes(ScenarioWriter w, int n, boolean[] ends) throws IOException {
    w.section("nodes", false);
    for (int i = 0; i < n; i++) {
      w.node("n" + i, ends[i] ? "end" : "repeater");
    }
  }

  private static int[][] randomFlows(SplittableRandom traffic, int n, int count) {
    int[][] flows = new int[count][];
    Set<Long> used = new HashSet<>();
    for (int k = 0; k < count; k++) {
      flows[k] = distinctPair(traffic, n, used);
    }
    return flows;
  }

  private static void writeFlows(ScenarioWriter w, int[][] flows,
      java.util.function.IntFunction<String> nodeName) throws IOException {
    w.section("flows", flows.length == 0);
    for (int k = 0; k < flows.length; k++) {
      w.flow("f" + k, nodeName.apply(flows[k][0]), nodeName.apply(flows[k][1]));
    }
  }

  /** A uniformly random pair of distinct nodes whose unordered key is not yet in {@code used}. */
  private static int[] distinctPair(SplittableRandom rnd, int n, Set<Long> used) {
    while (true) {
      int a = rnd.nextInt(n);
      int b = rnd.nextInt(n);
      if (a != b && used.add(pairKey(a, b))) {
        return new int[] {a, b};
      }
    }
  }

  private static long pairKey(int a, int b) {
    return (long) Math.min(a, b) << 32 | Math.max(a, b);
  }

  /** Flow endpoints are written as {@code end} nodes, all others as repeaters. */
  private static boolean[] endpoints(int n, int[][] flows) {
    boolean[] ends = new boolean[n];
    for (int[] f : flows) {
      ends[f[0]] = true;
      ends[f[1]] = true;
    }
    return ends;
  }

  private static String gridName(int i, int cols) {
    return "r" + i / cols + "c" + i % cols;
  }

  private static boolean positive(double x) {
    return x > 0 && Double.isFinite(x);
  }

  private static void checkFlows(int flows, long nodes) {
    long pairs = nodes * (nodes - 1) / 2;
    check(flows >= 0 && flows <= pairs,
        "--flows must be between 0 and " + pairs + " (distinct node pairs), got " + flows);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
