package io.filebridge.ops.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its own chromedriver, both at fixed paths so Selenium Manager never looks for
 * (or downloads) a browser: the build machines have no network beyond the package registries.
 */
public final class HeadlessChromium {

    /** Debian's paths; a developer with the browser elsewhere can pass -Dchromium.binary / -Dchromium.driver. */
    public static final Path BROWSER = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    public static final Path DRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

    static final String HOW_TO_INSTALL = "The status page test needs Debian's Chromium and its driver at " + BROWSER
            + " and " + DRIVER + ". Install them with: sudo apt-get install -y chromium chromium-driver"
            + " (.ci/run does this by itself).";

    private HeadlessChromium() {
    }

    /** Fails (never skips) when the browser is missing, saying how to install it. */
    public static ChromeDriver start() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            throw new AssertionError(HOW_TO_INSTALL);
        }
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory(Files.createDirectories(Path.of("target", "chromium")), "profile-")
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-default-apps", "--disable-extensions", "--window-size=1440,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /** A PNG under target/ to look at when a wait times out or to check the layout by eye. */
    public static Path screenshot(ChromeDriver driver, String name) {
        try {
            Path file = Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
