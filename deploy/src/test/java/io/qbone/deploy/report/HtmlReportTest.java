package io.qbone.deploy.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.qbone.deploy.browser.BrowserSession;
import io.qbone.deploy.cli.QboneCli;
import io.qbone.node.network.LinkConfig;
import io.qbone.node.network.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code qbone run --report}: a well-formed, offline page whose plots match the results. */
class HtmlReportTest {
  @TempDir Path dir;

  /** Two flows over a three-link chain between Delft and The Hague (coordinates: a map). */
  static final String SCENARIO = String.join("\n",
      "qbone: 1",
      "name: report",
      "seed: 11",
      "duration_s: 0.05",
      "nodes:",
      "  - {name: delft, kind: end, coherence_time_s: 0.01, location: {lat: 52.011, lon: 4.357}}",
      "  - {name: r1, kind: repeater, coherence_time_s: 0.01, location: {lat: 52.030, lon: 4.340}}",
      "  - {name: r2, kind: repeater, coherence_time_s: 0.01, location: {lat: 52.055, lon: 4.320}}",
      "  - {name: hague, kind: end, coherence_time_s: 0.01, location: {lat: 52.078, lon: 4.300}}",
      "links:",
      "  - {a: delft, b: r1, length_km: 10, fidelity: 0.98}",
      "  - {a: r1, b: r2, length_km: 10, fidelity: 0.97}",
      "  - {a: r2, b: hague, length_km: 10, fidelity: 0.99}",
      "flows:",
      "  - {name: delft-hague, from: delft, to: hague}",
      "  - {name: r1-hague, from: r1, to: hague}",
      "");

  private static NodeList select(Document doc, String xpath) throws Exception {
    return (NodeList) XPathFactory.newInstance().newXPath()
        .evaluate(xpath, doc, XPathConstants.NODESET);
  }

  private static List<Element> elements(Document doc, String xpath) throws Exception {
    NodeList nodes = select(doc, xpath);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }

  @Test
  void reportHasAPlotPerFlowWithTheRunsCountsAndRendersOffline() throws Exception {
    Path scenario = dir.resolve("report.yaml");
    Path results = dir.resolve("results.json");
    Path report = dir.resolve("report.html");
    Files.writeString(scenario, SCENARIO);
    int exit = QboneCli.execute("run", scenario.toString(), "--out", results.toString(),
        "--report", report.toString(), "--no-metrics", "--quiet");
    assertEquals(0, exit);
    JsonNode flows = new ObjectMapper().readTree(results.toFile()).get("outcome").get("flows");

    // Well-formed XML (a parser that refuses anything else), in the XHTML namespace.
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(false);
    Document doc = f.newDocumentBuilder().parse(report.toFile());
    assertEquals("html", doc.getDocumentElement().getTagName());

    // Self-contained: no script, no external stylesheet, image or link of any kind.
    assertEquals(0, select(doc, "//script | //link | //img | //iframe | //object").getLength());
    assertEquals(0, select(doc, "//@src | //@href").getLength());

    List<Element> histograms = elements(doc, "//*[local-name()='svg' and "
        + "contains(@class, 'fidelity-histogram')]");
    assertEquals(flows.size(), histograms.size());
    for (int i = 0; i < flows.size(); i++) {
      JsonNode flow = flows.get(i);
      Element h = histograms.get(i);
      long delivered = flow.get("delivered_pairs").asLong();
      assertTrue(delivered > 20, flow.get("name") + ": " + delivered);
      assertEquals(flow.get("name").asText(), h.getAttribute("data-label"));
      assertEquals(delivered, Long.parseLong(h.getAttribute("data-count")));
      long bars = 0;
      double weighted = 0;
      NodeList rects = h.getElementsByTagName("rect");
      for (int r = 0; r < rects.getLength(); r++) {
        Element rect = (Element) rects.item(r);
        if ("bar".equals(rect.getAttribute("class"))) {
          bars += Long.parseLong(rect.getAttribute("data-count"));
        }
      }
      assertEquals(delivered, bars, "pairs in the bars of " + flow.get("name"));
      assertTrue(rects.getLength() >= 2, "a spread of fidelities gives several bars");
    }

    assertEquals(0, select(doc, "//*[local-name()='table' and @class='requests']").getLength(),
        "a run without traffic has no request section");

    List<Element> rates = elements(doc, "//*[local-name()='svg' and contains(@class, 'flow-rates')]"
        + "/*[local-name()='polyline']");
    assertEquals(flows.size(), rates.size());
    assertEquals(flows.get(0).get("name").asText(), rates.get(0).getAttribute("data-series"));
    assertEquals(ReportRecorder.SLICES,
        rates.get(0).getAttribute("points").trim().split("\\s+").length);

    Element map = elements(doc, "//*[local-name()='svg' and contains(@class, 'topology')]").get(0);
    assertEquals("geographic", map.getAttribute("data-layout"));
    assertEquals(4, map.getElementsByTagName("circle").getLength());
    assertEquals(3, map.getElementsByTagName("line").getLength()
        - elements(doc, "//*[local-name()='g' and @class='graticule']/*[local-name()='line']")
            .size());

    // The same page in headless Chromium without network: every plot is drawn with a size.
    try (BrowserSession browser = BrowserSession.start()) {
      browser.driver.get(report.toUri().toString());
      assertEquals("qbone report: report", browser.driver.getTitle());
      List<WebElement> shown = browser.driver.findElements(By.cssSelector("svg.fidelity-histogram"));
      assertEquals(flows.size(), shown.size());
      for (WebElement svg : shown) {
        assertTrue(svg.isDisplayed());
        // Laid out at its own size plus the 1 px border on each side.
        assertEquals(Map.of("w", SvgPlots.WIDTH + 2, "h", SvgPlots.HEIGHT + 2),
            Map.of("w", svg.getRect().getWidth(), "h", svg.getRect().getHeight()));
        List<WebElement> bars = svg.findElements(By.cssSelector("rect.bar"));
        assertFalse(bars.isEmpty());
        assertTrue(bars.stream().allMatch(b -> b.getRect().getHeight() > 0));
      }
      WebElement topology = browser.driver.findElement(By.cssSelector("svg.topology"));
      assertEquals(4, topology.findElements(By.cssSelector("circle.node")).size());
      assertTrue(topology.findElements(By.cssSelector("circle.node")).stream()
          .allMatch(WebElement::isDisplayed));
      assertEquals(flows.size(), browser.driver.findElements(
          By.cssSelector("svg.flow-rates polyline.series")).size());
      browser.screenshot(Path.of("target", "report-screenshot.png"));
    }
  }

  private static long cell(Element row, String column) throws Exception {
    return Long.parseLong(text(row, column));
  }

  private static String text(Element row, String column) throws Exception {
    NodeList cells = row.getElementsByTagName("td");
    for (int i = 0; i < cells.getLength(); i++) {
      Element td = (Element) cells.item(i);
      if (column.equals(td.getAttribute("class"))) {
        return td.getTextContent();
      }
    }
    throw new AssertionError("no column " + column + " in row " + row.getAttribute("data-source"));
  }

  /**
   * A request-driven run (scenarios/routing-comparison.yaml): the request section's outcomes,
   * pairs and fidelity per source node add up to the results' totals, and each source's
   * fidelity histogram holds exactly the pairs delivered to its requests.
   */
  @Test
  void requestDrivenRunHasARequestSectionThatAgreesWithTheResults() throws Exception {
    Path results = dir.resolve("requests.json");
    Path report = dir.resolve("requests.html");
    int exit = QboneCli.execute("run", Path.of("..", "scenarios", "routing-comparison.yaml")
        .toString(), "--out", results.toString(), "--report", report.toString(), "--no-metrics",
        "--no-dashboard", "--quiet");
    assertEquals(0, exit);
    JsonNode outcome = new ObjectMapper().readTree(results.toFile()).get("outcome");
    JsonNode routing = outcome.get("routing");
    assertTrue(routing.get("completed").asLong() > 20
        && routing.get("rejected_memory").asLong() > 0, routing.toString());
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(report.toFile());

    List<Element> rows = elements(doc,
        "//*[local-name()='table' and @class='requests']//*[local-name()='tr' and @data-source]");
    Element all = rows.get(rows.size() - 1);
    assertEquals("all", all.getAttribute("data-source"));
    String[][] columns = {{"completed", "completed"}, {"failed", "failed"},
        {"rejected-routing", "rejected_routing"}, {"rejected-memory", "rejected_memory"},
        {"pairs", "delivered_pairs"}};
    for (String[] c : columns) {
      assertEquals(routing.get(c[1]).asLong(), cell(all, c[0]), c[0]);
      long bySource = 0;
      for (Element row : rows.subList(0, rows.size() - 1)) {
        bySource += cell(row, c[0]);
      }
      assertEquals(routing.get(c[1]).asLong(), bySource, c[0] + " summed over the sources");
    }
    assertEquals(String.format(java.util.Locale.ROOT, "%.4f",
        routing.get("fidelity").get("mean").asDouble()), text(all, "mean-fidelity"));

    // One histogram per source, holding exactly the pairs of its requests.
    List<Element> histograms = elements(doc, "//*[local-name()='svg' and "
        + "contains(@class, 'request-fidelity-histogram')]");
    assertEquals(rows.size() - 1, histograms.size());
    assertTrue(histograms.size() >= 2, "requests come from several sources");
    for (int i = 0; i < histograms.size(); i++) {
      Element h = histograms.get(i);
      Element row = rows.get(i);
      assertEquals(row.getAttribute("data-source"), h.getAttribute("data-label"));
      assertEquals(cell(row, "pairs"), Long.parseLong(h.getAttribute("data-count")));
      long bars = 0;
      NodeList rects = h.getElementsByTagName("rect");
      for (int r = 0; r < rects.getLength(); r++) {
        Element rect = (Element) rects.item(r);
        if ("bar".equals(rect.getAttribute("class"))) {
          bars += Long.parseLong(rect.getAttribute("data-count"));
        }
      }
      assertEquals(cell(row, "pairs"), bars, "bars of " + row.getAttribute("data-source"));
    }

    // Why requests did not complete, as the results count it.
    List<Element> reasons = elements(doc, "//*[local-name()='span' and @class='reason']");
    assertEquals(routing.get("failure_reasons").size(), reasons.size());
    for (Element r : reasons) {
      assertEquals(routing.get("failure_reasons").get(r.getAttribute("data-reason")).asLong(),
          Long.parseLong(r.getAttribute("data-count")));
    }
    List<String> series = new ArrayList<>();
    for (Element line : elements(doc, "//*[local-name()='svg' and "
        + "contains(@class, 'request-results')]/*[local-name()='polyline']")) {
      series.add(line.getAttribute("data-series"));
    }
    assertEquals(List.of("completed", "failed", "rejected-routing", "rejected-memory"), series);
    assertEquals(0, select(doc, "//*[local-name()='table' and @class='flows'] | "
        + "//*[local-name()='svg' and contains(@class, 'flow-rates')]").getLength(),
        "a run without fixed flows has no flow table or plot");

    // Swaps at the repeaters that made any, as the results count them.
    List<Element> nodes = elements(doc,
        "//*[local-name()='table' and @class='nodes']//*[local-name()='tr' and @data-node]");
    int swapping = 0;
    for (JsonNode n : outcome.get("nodes")) {
      List<Element> row = nodes.stream()
          .filter(e -> e.getAttribute("data-node").equals(n.get("name").asText())).toList();
      if (n.get("swaps").asLong() == 0) {
        continue;
      }
      swapping++;
      assertEquals(n.get("swaps").asLong(), cell(row.get(0), "swaps"));
      assertEquals(n.get("swap_failures").asLong(), cell(row.get(0), "swap-failures"));
    }
    assertTrue(swapping >= 2, "requests were swapped at several repeaters");
  }

  @Test
  void networkWithoutCoordinatesIsDrawnOnACircle() {
    List<NodeConfig> nodes = List.of(
        new NodeConfig("a", "end", 0, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN),
        new NodeConfig("b", "repeater", 0, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN),
        new NodeConfig("c", "end", 0, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN));
    List<LinkConfig> links = List.of(
        new LinkConfig("a", "b", 10, 0.2, 1.468, 0.99, 1, 0, null),
        new LinkConfig("b", "c", 10, 0.2, 1.468, 0.99, 1, 0, null));
    String svg = TopologyMap.svg(nodes, links, Map.of(0, 0.99));
    assertTrue(svg.contains("data-layout=\"circle\""));
    assertEquals(3, svg.split("<circle class=\"node\"", -1).length - 1);
    // The link that carried pairs is coloured, the other grey.
    assertEquals(1, svg.split("stroke=\"#bbbbbb\"", -1).length - 1);
  }
}
