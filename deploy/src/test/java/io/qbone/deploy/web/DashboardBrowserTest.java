package io.qbone.deploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.qbone.deploy.browser.BrowserSession;
import io.qbone.deploy.run.ResultsJson;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.RoutingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The live dashboard in headless Chromium, offline, on a real run paced in real time: every node
 * drawn where the scenario puts it, charts updating from server-sent events, a link cut injected
 * through the API shown as an alarm. The screenshot is kept in target/.
 */
class DashboardBrowserTest {
  /**
   * A tenth of a virtual second per wall second. The chain runs 10 virtual seconds so that a
   * slow machine cannot end it before the cut; after the cut it stalls and ends at once.
   */
  private static final double SPEED = 0.1;
  static final Path SCREENSHOT = Path.of("target", "dashboard-screenshot.png");

  private static int intAttr(WebElement e, String name) {
    String v = e.getAttribute(name);
    return v == null ? -1 : Integer.parseInt(v);
  }

  @Test
  void showsEveryNodeLiveChartsAndAnInjectedLinkCut(@TempDir Path dir) throws Exception {
    Scenario s = LiveApiTest.chain(10, dir);
    try (RunningDashboard d = RunningDashboard.start(s, SPEED);
        BrowserSession browser = BrowserSession.start()) {
      var page = browser.driver;
      page.get(d.server.url());

      RunningDashboard.await("the topology drawn", () ->
          "5".equals(page.findElement(By.tagName("body")).getAttribute("data-nodes-drawn")));
      for (var node : s.nodes()) {
        WebElement c = page.findElement(
            By.cssSelector("#nodes circle[data-name='" + node.name() + "']"));
        assertTrue(c.isDisplayed(), node.name());
        assertTrue(Double.isFinite(Double.parseDouble(c.getAttribute("cx"))), node.name());
      }
      // alice (Delft) and bob (Amsterdam) are drawn where they are: bob north-east of alice.
      double[] alice = centre(page.findElement(By.cssSelector("circle[data-name='alice']")));
      double[] bob = centre(page.findElement(By.cssSelector("circle[data-name='bob']")));
      assertTrue(bob[0] > alice[0] && bob[1] < alice[1], "alice " + alice[0] + "," + alice[1]
          + " bob " + bob[0] + "," + bob[1]);
      // The Natural Earth outline of the Netherlands came from the jar.
      RunningDashboard.await("the land outline", () ->
          !page.findElements(By.cssSelector("#land path[data-country='Netherlands']")).isEmpty());

      WebElement rateChart = page.findElement(By.id("rate-chart"));
      RunningDashboard.await("a first rate point", () -> intAttr(rateChart, "data-points") >= 1);
      int first = intAttr(rateChart, "data-points");
      RunningDashboard.await("the rate chart to update", () ->
          intAttr(rateChart, "data-points") >= first + 2);
      assertTrue(!page.findElements(By.cssSelector("#rate-chart canvas")).isEmpty());
      WebElement fidelityChart = page.findElement(By.id("fidelity-chart"));
      RunningDashboard.await("the fidelity chart to update", () ->
          intAttr(fidelityChart, "data-updates") >= 3);

      var cut = d.post("api/faults", "{\"fault\": \"link-cut\", \"a\": \"r2\", \"b\": \"r3\"}");
      assertEquals(202, cut.statusCode(), cut.body());
      RunningDashboard.await("the link-cut alarm on the page", () -> !page.findElements(
          By.cssSelector("#alarms li.alarm[data-kind='link-cut'][data-subject='r2-r3']")).isEmpty());
      WebElement alarm = page.findElement(By.cssSelector("#alarms li.alarm"));
      assertTrue(alarm.getText().startsWith("link-cut r2-r3 at "), alarm.getText());
      List<String> classes = List.of(page.findElement(By.cssSelector("#links line[data-name='r2-r3']"))
          .getAttribute("class").split(" "));
      assertTrue(classes.contains("cut"), classes.toString());
      assertFalse(page.findElement(By.id("requests")).isDisplayed(),
          "a run without request-driven traffic shows no request table");
      browser.screenshot(SCREENSHOT);
    }
    assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot " + Files.size(SCREENSHOT) + " bytes");
  }

  /**
   * A request-driven run (scenarios/routing-comparison.yaml, paced) shows its requests per
   * source node and network-wide; once it has finished, every number on the page is the one
   * its results and its routers' reports give.
   */
  @Test
  void showsTheRequestsOfARequestDrivenRun() throws Exception {
    Scenario s = ScenarioLoader.load(Path.of("..", "scenarios", "routing-comparison.yaml"));
    try (RunningDashboard d = RunningDashboard.start(s, 0.05);
        BrowserSession browser = BrowserSession.start()) {
      var page = browser.driver;
      page.get(d.server.url());
      RunningDashboard.await("the request table", () ->
          page.findElement(By.id("requests")).isDisplayed());
      RunningDashboard.await("the run to finish", () ->
          "finished".equals(page.findElement(By.id("state")).getText().toLowerCase()));
      ScenarioRunner.Finished finished = d.awaitEnd();
      JsonNode routing = ResultsJson.outcome(finished).get("routing");
      assertTrue(routing.get("completed").asLong() > 20
          && routing.get("rejected_memory").asLong() > 0, routing.toString());

      WebElement all = page.findElement(By.cssSelector("#request-table tr[data-source='all']"));
      assertEquals(routing.get("accepted").asLong(), longCell(all, "admitted"));
      assertEquals(routing.get("completed").asLong(), longCell(all, "completed"));
      assertEquals(routing.get("failed").asLong(), longCell(all, "failed"));
      assertEquals(routing.get("rejected_routing").asLong(), longCell(all, "rejected_routing"));
      assertEquals(routing.get("rejected_memory").asLong(), longCell(all, "rejected_memory"));
      assertEquals(routing.get("delivered_pairs").asLong(), longCell(all, "delivered_pairs"));
      // The page sums in delivery order, the results in sorted order.
      assertEquals(routing.get("fidelity").get("mean").asDouble(),
          Double.parseDouble(cell(all, "mean_fidelity").getAttribute("data-value")), 1e-12);
      assertEquals(String.format(Locale.ROOT, "%.4f",
          routing.get("fidelity").get("mean").asDouble()), cell(all, "mean_fidelity").getText());

      int sources = 0;
      for (LpReport lp : finished.result().reports()) {
        RoutingReport r = lp.getRouting();
        if (lp.getLp() >= s.nodes().size() || r.getRequests() == 0) {
          continue;
        }
        sources++;
        String name = s.nodes().get(lp.getLp()).name();
        WebElement row = page.findElement(
            By.cssSelector("#request-table tr[data-source='" + name + "']"));
        assertEquals(r.getAccepted(), longCell(row, "admitted"), name);
        assertEquals(r.getCompleted(), longCell(row, "completed"), name);
        assertEquals(r.getFailed(), longCell(row, "failed"), name);
        assertEquals(r.getRejectedMemory(), longCell(row, "rejected_memory"), name);
        assertEquals(r.getPairsDelivered(), longCell(row, "delivered_pairs"), name);
        if (r.getPairsDelivered() > 0) {
          double mean = r.getFidelitiesList().stream().mapToDouble(Double::doubleValue).sum()
              / r.getPairsDelivered();
          assertEquals(mean, Double.parseDouble(
              cell(row, "mean_fidelity").getAttribute("data-value")), 1e-12, name);
        }
      }
      assertTrue(sources >= 2, "requests come from several sources");
      assertEquals(sources + 1,
          page.findElements(By.cssSelector("#request-table tbody tr")).size());
      browser.screenshot(Path.of("target", "dashboard-requests-screenshot.png"));
    }
  }

  private static WebElement cell(WebElement row, String column) {
    return row.findElement(By.cssSelector("td." + column));
  }

  private static long longCell(WebElement row, String column) {
    return Long.parseLong(cell(row, column).getAttribute("data-value"));
  }

  private static double[] centre(WebElement circle) {
    return new double[] {Double.parseDouble(circle.getAttribute("cx")),
        Double.parseDouble(circle.getAttribute("cy"))};
  }
}
