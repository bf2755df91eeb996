package io.qbone.deploy.report;

import java.util.Locale;

/** Escaping and number formatting for the report's XHTML and SVG. */
final class Xml {
  private Xml() {}

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** A coordinate: two decimals, locale-independent. */
  static String n(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** A value for people: {@code digits} significant digits. */
  static String g(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "g", v);
  }
}
