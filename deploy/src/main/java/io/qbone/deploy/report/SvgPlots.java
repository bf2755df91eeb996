package io.qbone.deploy.report;

import static io.qbone.deploy.report.Xml.esc;
import static io.qbone.deploy.report.Xml.g;
import static io.qbone.deploy.report.Xml.n;

import java.util.List;
import java.util.Locale;

/** The report's charts as inline SVG: a histogram and a multi-line time series. */
final class SvgPlots {
  static final int WIDTH = 640;
  static final int HEIGHT = 260;
  private static final int LEFT = 60;
  private static final int RIGHT = 20;
  private static final int TOP = 20;
  private static final int BOTTOM = 45;
  /** Colours of successive series (Okabe-Ito, readable by colour-blind people). */
  static final String[] PALETTE = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7",
      "#56B4E9", "#F0E442", "#000000"};

  private SvgPlots() {}

  /** One named series of y values over equally spaced x. */
  record Series(String name, double[] y) {}

  /**
   * A histogram of fidelity from exact 1e-4 bins ({@code counts[i]} pairs at fidelity
   * {@code i * 1e-4}), regrouped into at most {@code bars} bars spanning the observed range.
   * The SVG carries {@code data-count}, the number of pairs it shows.
   */
  static String fidelityHistogram(String cssClass, String flow, long[] counts, int bars) {
    int lo = -1;
    int hi = -1;
    long total = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        lo = lo < 0 ? i : lo;
        hi = i;
        total += counts[i];
      }
    }
    StringBuilder b = open(cssClass, flow, total);
    if (total == 0) {
      b.append(text(WIDTH / 2.0, HEIGHT / 2.0, "middle", "no pairs delivered"));
      return b.append("</svg>").toString();
    }
    int width = Math.max(1, (hi - lo + bars) / bars); // bins per bar
    int nBars = (hi - lo) / width + 1;
    long[] heights = new long[nBars];
    long max = 0;
    for (int i = lo; i <= hi; i++) {
      heights[(i - lo) / width] += counts[i];
    }
    for (long h : heights) {
      max = Math.max(max, h);
    }
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double barW = plotW / nBars;
    for (int k = 0; k < nBars; k++) {
      if (heights[k] == 0) {
        continue;
      }
      double h = plotH * heights[k] / max;
      double from = (lo + (double) k * width) / 1e4;
      double to = (lo + (double) (k + 1) * width - 1) / 1e4;
      b.append("<rect class=\"bar\" x=\"").append(n(LEFT + k * barW)).append("\" y=\"")
          .append(n(TOP + plotH - h)).append("\" width=\"").append(n(Math.max(0.5, barW - 1)))
          .append("\" height=\"").append(n(h)).append("\" fill=\"").append(PALETTE[0])
          .append("\" data-count=\"").append(heights[k]).append("\"><title>")
          .append(width == 1 ? "F = " + String.format(Locale.ROOT, "%.4f", from)
              : String.format(Locale.ROOT, "F %.4f – %.4f", from, to))
          .append(": ").append(heights[k]).append(" pairs</title></rect>");
    }
    axes(b, lo / 1e4, (hi + 1) / 1e4, 0, max, "fidelity", "pairs");
    return b.append("</svg>").toString();
  }

  /** Lines over time: x from 0 to {@code xMax}; a legend for the first series. */
  static String lines(String cssClass, String label, List<Series> series, double xMax,
      String xLabel, String yLabel) {
    double max = 0;
    for (Series s : series) {
      for (double v : s.y()) {
        max = Math.max(max, v);
      }
    }
    StringBuilder b = open(cssClass, label, series.size());
    double top = max > 0 ? max : 1;
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    for (int s = 0; s < series.size(); s++) {
      double[] y = series.get(s).y();
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < y.length; i++) {
        double x = LEFT + plotW * (i + 0.5) / y.length;
        pts.append(n(x)).append(',').append(n(TOP + plotH - plotH * y[i] / top)).append(' ');
      }
      b.append("<polyline class=\"series\" fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(PALETTE[s % PALETTE.length]).append("\" data-series=\"")
          .append(esc(series.get(s).name())).append("\" points=\"").append(pts.toString().trim())
          .append("\"><title>").append(esc(series.get(s).name())).append("</title></polyline>");
    }
    int legend = Math.min(series.size(), 8);
    for (int s = 0; s < legend; s++) {
      double y = TOP + 12 + 14 * s;
      b.append("<rect x=\"").append(WIDTH - RIGHT - 150).append("\" y=\"").append(n(y - 8))
          .append("\" width=\"10\" height=\"10\" fill=\"").append(PALETTE[s % PALETTE.length])
          .append("\"/>").append(text(WIDTH - RIGHT - 136, y + 1, "start",
              series.get(s).name()));
    }
    if (series.size() > legend) {
      b.append(text(WIDTH - RIGHT - 150, TOP + 14 + 14 * legend, "start",
          "… " + (series.size() - legend) + " more (colours repeat)"));
    }
    axes(b, 0, xMax, 0, top, xLabel, yLabel);
    return b.append("</svg>").toString();
  }

  private static StringBuilder open(String cssClass, String label, long count) {
    return new StringBuilder().append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot ")
        .append(cssClass).append("\" data-label=\"").append(esc(label)).append("\" data-count=\"")
        .append(count).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
        .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\">");
  }

  private static void axes(StringBuilder b, double x0, double x1, double y0, double y1,
      String xLabel, String yLabel) {
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double base = TOP + plotH;
    b.append("<g class=\"axes\" stroke=\"#444\" stroke-width=\"1\"><line x1=\"").append(LEFT)
        .append("\" y1=\"").append(n(base)).append("\" x2=\"").append(n(LEFT + plotW))
        .append("\" y2=\"").append(n(base)).append("\"/><line x1=\"").append(LEFT)
        .append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT).append("\" y2=\"")
        .append(n(base)).append("\"/></g>");
    for (int t = 0; t <= 4; t++) {
      double fx = LEFT + plotW * t / 4;
      double fy = base - plotH * t / 4;
      b.append(text(fx, base + 14, "middle", g(x0 + (x1 - x0) * t / 4, 5)));
      b.append(text(LEFT - 4, fy + 4, "end", g(y0 + (y1 - y0) * t / 4, 3)));
    }
    b.append(text(LEFT + plotW / 2, HEIGHT - 8, "middle", xLabel));
    b.append("<text x=\"12\" y=\"").append(n(TOP + plotH / 2))
        .append("\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 ")
        .append(n(TOP + plotH / 2)).append(")\">").append(esc(yLabel)).append("</text>");
  }

  static String text(double x, double y, String anchor, String s) {
    return "<text x=\"" + n(x) + "\" y=\"" + n(y) + "\" font-size=\"11\" text-anchor=\"" + anchor
        + "\">" + esc(s) + "</text>";
  }
}
