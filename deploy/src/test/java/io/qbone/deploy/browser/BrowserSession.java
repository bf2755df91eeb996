package io.qbone.deploy.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Test support: headless Chromium driven through the system's chromedriver (Debian packages
 * {@code chromium} and {@code chromium-driver}, which .ci/run installs); Selenium never
 * downloads a browser or driver. Everything but 127.0.0.1 goes to a dead proxy, so a page that
 * needs the internet (a CDN) fails in these tests.
 */
public final class BrowserSession implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  public final ChromeDriver driver;

  private BrowserSession(ChromeDriver driver) {
    this.driver = driver;
  }

  public static BrowserSession start() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException("browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
          + " (apt-get install chromium chromium-driver; .ci/run does)");
    }
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--window-size=1400,900",
            // Offline: only loopback (never proxied) is reachable.
            "--proxy-server=http://127.0.0.1:9", "--no-first-run", "--disable-extensions");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    return new BrowserSession(driver);
  }

  /** Saves what the browser shows as a PNG (test artefact). */
  public void screenshot(Path png) throws IOException {
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.createDirectories(png.getParent());
    Files.copy(shot.toPath(), png, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
