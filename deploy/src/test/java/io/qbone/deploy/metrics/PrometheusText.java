package io.qbone.deploy.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/** A scrape of a Prometheus text-format endpoint (version 0.0.4), parsed into samples. */
final class PrometheusText {
  record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private PrometheusText(List<Sample> samples) {
    this.samples = samples;
  }

  /** GETs {@code url} over real HTTP and parses the body; fails on a non-200 answer. */
  static PrometheusText scrape(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return parse(r.body());
  }

  static PrometheusText parse(String body) {
    List<Sample> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name;
      Map<String, String> labels = new TreeMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        parseLabels(line.substring(brace + 1, line.lastIndexOf('}')), labels);
      } else {
        name = line.substring(0, line.indexOf(' '));
      }
      out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim())));
    }
    return new PrometheusText(out);
  }

  private static void parseLabels(String s, Map<String, String> labels) {
    int i = 0;
    while (i < s.length()) {
      int eq = s.indexOf('=', i);
      String key = s.substring(i, eq).trim();
      StringBuilder v = new StringBuilder();
      int j = eq + 2; // after ="
      while (s.charAt(j) != '"') {
        char c = s.charAt(j);
        if (c == '\\') {
          char next = s.charAt(++j);
          v.append(next == 'n' ? '\n' : next);
        } else {
          v.append(c);
        }
        j++;
      }
      labels.put(key, v.toString());
      i = j + 1;
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      }
    }
  }

  List<Sample> samples() {
    return samples;
  }

  /** Every metric name in the scrape. */
  TreeSet<String> names() {
    TreeSet<String> names = new TreeSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  /** The samples of {@code name} whose labels match. */
  List<Sample> find(String name, Predicate<Map<String, String>> labels) {
    return samples.stream().filter(s -> s.name().equals(name) && labels.test(s.labels())).toList();
  }

  /** The one value of {@code name} with {@code label=value}, or NaN when absent. */
  double value(String name, String label, String value) {
    List<Sample> s = find(name, l -> value.equals(l.get(label)));
    if (s.size() > 1) {
      throw new AssertionError("more than one " + name + "{" + label + "=" + value + "}: " + s);
    }
    return s.isEmpty() ? Double.NaN : s.get(0).value();
  }
}
