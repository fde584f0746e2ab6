package dev.playlog.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven through Debian's chromedriver (README, Test). A missing browser fails the test
 * with the install command; Selenium Manager is never asked to download one (it cannot, here).
 */
final class Chromium {

    static final Path BROWSER = Path.of(System.getProperty("playlog.test.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("playlog.test.chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    static ChromeDriver start() {
        for (Path required : new Path[] {BROWSER, DRIVER}) {
            if (!Files.isExecutable(required)) {
                throw new AssertionError(required + " is missing: install it with 'apt-get install -y chromium"
                        + " chromium-driver' (.ci/run does this), or point -Dplaylog.test.chromium /"
                        + " -Dplaylog.test.chromedriver at a Chromium and its driver");
            }
        }
        ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
