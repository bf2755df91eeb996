package io.qbone.node.placement;

import java.util.Arrays;

/**
 * An undirected graph with vertex and edge weights in compressed sparse row form, the input of
 * {@link MultilevelPartitioner}: vertex weight = expected load, edge weight = what cutting the
 * edge costs. Each vertex's neighbours are sorted by index and parallel edges are merged (their
 * weights added), so the same edges in any order give the same graph.
 */
public final class PartitionGraph {
  final int[] offsets;
  final int[] neighbours;
  final int[] edgeWeights;
  final long[] vertexWeights;

  PartitionGraph(int[] offsets, int[] neighbours, int[] edgeWeights, long[] vertexWeights) {
    this.offsets = offsets;
    this.neighbours = neighbours;
    this.edgeWeights = edgeWeights;
    this.vertexWeights = vertexWeights;
  }

  public int vertexCount() {
    return vertexWeights.length;
  }

  public long vertexWeight(int v) {
    return vertexWeights[v];
  }

  public long totalWeight() {
    long sum = 0;
    for (long w : vertexWeights) {
      sum += w;
    }
    return sum;
  }

  /** Collects edges and vertex weights; {@link #build()} merges parallel edges. */
  public static final class Builder {
    private final long[] vertexWeights;
    private int[] from = new int[16];
    private int[] to = new int[16];
    private int[] weight = new int[16];
    private int edges;

    /** A graph of {@code vertices} vertices, each of weight 1 until set. */
    public Builder(int vertices) {
      if (vertices < 0) {
        throw new IllegalArgumentException("vertex count must be >= 0, got " + vertices);
      }
      vertexWeights = new long[vertices];
      Arrays.fill(vertexWeights, 1);
    }

    public Builder vertexWeight(int v, long w) {
      if (w < 1) {
        throw new IllegalArgumentException("vertex " + v + ": weight must be >= 1, got " + w);
      }
      vertexWeights[v] = w;
      return this;
    }

    /** An undirected edge; a self loop or a weight below 1 is an error. */
    public Builder edge(int a, int b, int w) {
      if (a == b) {
        throw new IllegalArgumentException("edge " + edges + ": self loop at vertex " + a);
      }
      if (a < 0 || b < 0 || a >= vertexWeights.length || b >= vertexWeights.length) {
        throw new IllegalArgumentException("edge " + edges + ": vertex " + (a < 0
            || a >= vertexWeights.length ? a : b) + " outside 0.." + (vertexWeights.length - 1));
      }
      if (w < 1) {
        throw new IllegalArgumentException("edge " + edges + ": weight must be >= 1, got " + w);
      }
      if (edges == from.length) {
        int grown = Math.max(16, edges * 2);
        from = Arrays.copyOf(from, grown);
        to = Arrays.copyOf(to, grown);
        weight = Arrays.copyOf(weight, grown);
      }
      from[edges] = a;
      to[edges] = b;
      weight[edges] = w;
      edges++;
      return this;
    }

    public PartitionGraph build() {
      int n = vertexWeights.length;
      int[] degree = new int[n + 1];
      for (int e = 0; e < edges; e++) {
        degree[from[e] + 1]++;
        degree[to[e] + 1]++;
      }
      for (int v = 0; v < n; v++) {
        degree[v + 1] += degree[v];
      }
      int[] fill = Arrays.copyOf(degree, n);
      // Each half-edge packed as neighbour << 32 | weight, so sorting a row orders neighbours.
      long[] half = new long[2 * edges];
      for (int e = 0; e < edges; e++) {
        half[fill[from[e]]++] = (long) to[e] << 32 | weight[e];
        half[fill[to[e]]++] = (long) from[e] << 32 | weight[e];
      }
      int[] offsets = new int[n + 1];
      int[] nbr = new int[2 * edges];
      int[] ew = new int[2 * edges];
      int out = 0;
      for (int v = 0; v < n; v++) {
        offsets[v] = out;
        Arrays.sort(half, degree[v], degree[v + 1]);
        for (int i = degree[v]; i < degree[v + 1]; i++) {
          int u = (int) (half[i] >>> 32);
          int w = (int) half[i];
          if (out > offsets[v] && nbr[out - 1] == u) {
            ew[out - 1] = (int) Math.min(Integer.MAX_VALUE, (long) ew[out - 1] + w);
          } else {
            nbr[out] = u;
            ew[out] = w;
            out++;
          }
        }
      }
      offsets[n] = out;
      return new PartitionGraph(offsets, Arrays.copyOf(nbr, out), Arrays.copyOf(ew, out),
          vertexWeights.clone());
    }
  }
}
