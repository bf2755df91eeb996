package io.qbone.deploy.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.deploy.browser.BrowserSession;
import io.qbone.deploy.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
      browser.screenshot(SCREENSHOT);
    }
    assertTrue(Files.size(SCREENSHOT) > 10_000, "screenshot " + Files.size(SCREENSHOT) + " bytes");
  }

  private static double[] centre(WebElement circle) {
    return new double[] {Double.parseDouble(circle.getAttribute("cx")),
        Double.parseDouble(circle.getAttribute("cy"))};
  }
}
