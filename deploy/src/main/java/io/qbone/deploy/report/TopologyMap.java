package io.qbone.deploy.report;

import static io.qbone.deploy.report.Xml.esc;
import static io.qbone.deploy.report.Xml.n;

import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import java.util.List;
import java.util.Map;

/**
 * The network drawn as SVG: on an equirectangular map (longitude scaled by the cosine of the
 * mean latitude, with a graticule) when every node has coordinates, else with the nodes on a
 * circle in scenario order (chains and rings come out as rings; meshes as chords). Links that
 * carried pairs are coloured by their mean fresh-pair fidelity; the others are grey.
 */
final class TopologyMap {
  static final int WIDTH = 800;
  static final int HEIGHT = 520;
  private static final int MARGIN = 30;
  /** Above this many nodes only the links that carried pairs and their ends are drawn. */
  static final int FULL_DRAWING_LIMIT = 5_000;

  private TopologyMap() {}

  /**
   * @param usedLinkFidelity mean fresh-pair fidelity of each link that generated pairs, by
   *     scenario link index
   */
  static String svg(List<NodeConfig> nodes, List<LinkConfig> links,
      Map<Integer, Double> usedLinkFidelity) {
    Map<String, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i).name(), i);
    }
    boolean geographic = !nodes.isEmpty() && nodes.stream()
        .allMatch(c -> !Double.isNaN(c.latitude()) && !Double.isNaN(c.longitude()));
    double[][] xy = geographic ? geographic(nodes) : circle(nodes.size());
    boolean full = nodes.size() <= FULL_DRAWING_LIMIT;
    boolean[] drawn = new boolean[nodes.size()];
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot topology\" data-layout=\"")
        .append(geographic ? "geographic" : "circle").append("\" width=\"").append(WIDTH)
        .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH)
        .append(' ').append(HEIGHT).append("\">");
    if (geographic) {
      graticule(b, nodes);
    }
    double minF = usedLinkFidelity.values().stream().mapToDouble(d -> d).min().orElse(1);
    for (int l = 0; l < links.size(); l++) {
      Double f = usedLinkFidelity.get(l);
      if (f == null && !full) {
        continue;
      }
      int a = index.get(links.get(l).a());
      int c = index.get(links.get(l).b());
      drawn[a] = true;
      drawn[c] = true;
      String colour = f == null ? "#bbbbbb" : fidelityColour(f, minF);
      b.append("<line class=\"link\" x1=\"").append(n(xy[a][0])).append("\" y1=\"")
          .append(n(xy[a][1])).append("\" x2=\"").append(n(xy[c][0])).append("\" y2=\"")
          .append(n(xy[c][1])).append("\" stroke=\"").append(colour)
          .append("\" stroke-width=\"2\"><title>").append(esc(links.get(l).a() + " – "
              + links.get(l).b() + (f == null ? ": no pairs" : String.format(
                  java.util.Locale.ROOT, ": mean fresh-pair fidelity %.4f", f))))
          .append("</title></line>");
    }
    int count = 0;
    double r = nodes.size() > 200 ? 1.5 : 4;
    for (int i = 0; i < nodes.size(); i++) {
      if (!full && !drawn[i]) {
        continue;
      }
      count++;
      NodeConfig c = nodes.get(i);
      b.append("<circle class=\"node\" data-node=\"").append(esc(c.name())).append("\" cx=\"")
          .append(n(xy[i][0])).append("\" cy=\"").append(n(xy[i][1])).append("\" r=\"")
          .append(r).append("\" fill=\"").append("end".equals(c.kind()) ? "#D55E00" : "#0072B2")
          .append("\"><title>").append(esc(c.name() + " (" + c.kind() + ")"))
          .append("</title></circle>");
      if (nodes.size() <= 30) {
        b.append(SvgPlots.text(xy[i][0] + 6, xy[i][1] - 6, "start", c.name()));
      }
    }
    b.append(SvgPlots.text(MARGIN, HEIGHT - 8, "start", count + " of " + nodes.size()
        + " nodes drawn; links coloured by mean fresh-pair fidelity from "
        + String.format(java.util.Locale.ROOT, "%.4f", minF) + " (red) to 1 (green), grey: no pairs"));
    return b.append("</svg>").toString();
  }

  /** Red at {@code minF}, green at 1. */
  private static String fidelityColour(double f, double minF) {
    double t = minF >= 1 ? 1 : Math.max(0, Math.min(1, (f - minF) / (1 - minF)));
    int red = (int) Math.round(213 * (1 - t));
    int green = (int) Math.round(94 + (158 - 94) * t);
    int blue = (int) Math.round(115 * t);
    return String.format("#%02x%02x%02x", red, green, blue);
  }

  private static double[][] circle(int count) {
    double[][] xy = new double[count][2];
    double cx = WIDTH / 2.0;
    double cy = HEIGHT / 2.0;
    double radius = Math.min(cx, cy) - MARGIN - 10;
    for (int i = 0; i < count; i++) {
      double angle = 2 * Math.PI * i / Math.max(1, count) - Math.PI / 2;
      xy[i][0] = cx + radius * Math.cos(angle);
      xy[i][1] = cy + radius * Math.sin(angle);
    }
    return xy;
  }

  private static Bounds bounds(List<NodeConfig> nodes) {
    double minLat = 90;
    double maxLat = -90;
    double minLon = 180;
    double maxLon = -180;
    for (NodeConfig c : nodes) {
      minLat = Math.min(minLat, c.latitude());
      maxLat = Math.max(maxLat, c.latitude());
      minLon = Math.min(minLon, c.longitude());
      maxLon = Math.max(maxLon, c.longitude());
    }
    double k = Math.cos(Math.toRadians((minLat + maxLat) / 2));
    double spanX = Math.max((maxLon - minLon) * k, 1e-3);
    double spanY = Math.max(maxLat - minLat, 1e-3);
    double scale = Math.min((WIDTH - 2 * MARGIN) / spanX, (HEIGHT - 2 * MARGIN - 20) / spanY);
    return new Bounds(minLat, maxLat, minLon, maxLon, k, scale);
  }

  private record Bounds(double minLat, double maxLat, double minLon, double maxLon, double k,
      double scale) {
    double x(double lon) {
      return MARGIN + (lon - minLon) * k * scale;
    }

    double y(double lat) {
      return MARGIN + (maxLat - lat) * scale;
    }
  }

  private static double[][] geographic(List<NodeConfig> nodes) {
    Bounds bb = bounds(nodes);
    double[][] xy = new double[nodes.size()][2];
    for (int i = 0; i < nodes.size(); i++) {
      xy[i][0] = bb.x(nodes.get(i).longitude());
      xy[i][1] = bb.y(nodes.get(i).latitude());
    }
    return xy;
  }

  /** Parallels and meridians every 1, 2, 5, 10 or 20 degrees, labelled. */
  private static void graticule(StringBuilder b, List<NodeConfig> nodes) {
    Bounds bb = bounds(nodes);
    double span = Math.max(bb.maxLat() - bb.minLat(), bb.maxLon() - bb.minLon());
    double step = span <= 4 ? 1 : span <= 10 ? 2 : span <= 25 ? 5 : span <= 60 ? 10 : 20;
    b.append("<g class=\"graticule\" stroke=\"#dddddd\" stroke-width=\"1\">");
    for (double lat = Math.ceil(bb.minLat() / step) * step; lat <= bb.maxLat(); lat += step) {
      b.append("<line x1=\"0\" x2=\"").append(WIDTH).append("\" y1=\"").append(n(bb.y(lat)))
          .append("\" y2=\"").append(n(bb.y(lat))).append("\"/>");
      b.append(SvgPlots.text(2, bb.y(lat) - 2, "start", Xml.g(lat, 4) + "°"));
    }
    for (double lon = Math.ceil(bb.minLon() / step) * step; lon <= bb.maxLon(); lon += step) {
      b.append("<line y1=\"0\" y2=\"").append(HEIGHT).append("\" x1=\"").append(n(bb.x(lon)))
          .append("\" x2=\"").append(n(bb.x(lon))).append("\"/>");
      b.append(SvgPlots.text(bb.x(lon) + 2, 12, "start", Xml.g(lon, 4) + "°"));
    }
    b.append("</g>");
  }
}
