package io.kluster.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.app.Kluster;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in real headless Chromium (Debian's chromium and chromium-driver) while a demo
 * streams Fashion-MNIST: every cluster appears with images of its latest records, and the page
 * updates itself without a reload; and while a demo streams the example shop orders (named-field
 * events), every cluster is described, with its latest events in a table, and the records are mapped.
 */
@Tag("browser")
class LivePageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final int K = 10;
    /** Set to a path to keep the screenshot, e.g. -Dkluster.screenshot=docs/live-page.png. */
    private static final String SCREENSHOT_PROPERTY = "kluster.screenshot";
    /** The same for the page on named-field events, e.g. -Dkluster.screenshot.events=docs/live-page-events.png. */
    private static final String SCREENSHOT_EVENTS_PROPERTY = "kluster.screenshot.events";

    @TempDir
    Path browserProfile;

    @Test
    void duringADemoThePageShowsEveryClusterWithImagesAndUpdatesItself() throws Exception {
        int port = freePort();
        AtomicInteger demoStatus = new AtomicInteger(-1);
        Thread demo = new Thread(() -> demoStatus.set(Kluster.execute("demo", "--limit", "3000", "--rate", "100",
                "--k", Integer.toString(K), "--metrics-port", Integer.toString(port),
                "-D", "kluster.cold.start.records=1000", "-D", "kluster.pretrain.epochs=8",
                "-D", "kluster.cluster.epochs=4", "-D", "kluster.activity.window.records=1000")), "demo-under-test");
        demo.start();

        ChromeDriver browser = browser("images", 1000);
        try {
            open(browser, "http://127.0.0.1:" + port + "/");
            ((JavascriptExecutor) browser).executeScript("window.loadedOnce = 'yes';");

            // The page rebuilds its cards every second: elements are looked up again, or read in one script.
            new WebDriverWait(browser, Duration.ofSeconds(120)).pollingEvery(Duration.ofMillis(250))
                    .ignoring(StaleElementReferenceException.class)
                    .withMessage("k clusters, each with images of its latest records")
                    .until(b -> everyClusterHasImages(b.findElements(By.cssSelector("#clusters .cluster"))));
            @SuppressWarnings("unchecked")
            List<String> ids = (List<String>) ((JavascriptExecutor) browser).executeScript(
                    "return [...document.querySelectorAll('#clusters .cluster')].map(c => c.dataset.clusterId);");
            assertThat(ids).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
            assertThat(browser.findElement(By.id("model-version")).getText()).matches("v\\d+");

            Long litPixels = (Long) ((JavascriptExecutor) browser).executeScript(
                    "const c = document.querySelector('canvas.record');"
                            + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                            + "let lit = 0; for (let i = 0; i < d.length; i += 4) { if (d[i] > 0) lit++; } return lit;");
            assertThat(litPixels).as("pixels drawn in a record's image").isGreaterThan(50L);

            long assignedBefore = assigned(browser);
            new WebDriverWait(browser, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(250))
                    .withMessage("the assigned count moving without a reload")
                    .until(b -> assigned(browser) > assignedBefore);
            assertThat(((JavascriptExecutor) browser).executeScript("return window.loadedOnce;"))
                    .as("the page updated in place, without reloading").isEqualTo("yes");

            new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(250))
                    .withMessage("a prequential quality chart, since Fashion-MNIST has labels")
                    .until(b -> !b.findElements(By.cssSelector("#chart polyline.series-accuracy")).isEmpty()
                            && b.findElement(By.id("accuracy")).getText().matches("0\\.\\d{3}"));

            saveScreenshot(browser.getScreenshotAs(OutputType.FILE), "live-page.png", SCREENSHOT_PROPERTY);
        } finally {
            browser.quit();
            demo.join(Duration.ofMinutes(3).toMillis());
        }
        assertThat(demo.isAlive()).as("the demo finished").isFalse();
        assertThat(demoStatus.get()).as("the demo's exit status").isZero();
    }

    @Test
    void onNamedFieldEventsThePageDescribesEveryClusterShowsItsLatestEventsAndMapsTheRecords() throws Exception {
        Path orders = Path.of("..", "examples", "orders.jsonl");
        assertThat(orders).as("the example event stream").isRegularFile();
        int port = freePort();
        AtomicInteger demoStatus = new AtomicInteger(-1);
        Thread demo = new Thread(() -> demoStatus.set(Kluster.execute("demo", "--data", orders.toString(), "--rate", "150",
                "--k", "4", "--metrics-port", Integer.toString(port), "--linger", "2")), "events-demo-under-test");
        demo.start();
        ChromeDriver browser = browser("events", 1400);
        try {
            open(browser, "http://127.0.0.1:" + port + "/");
            // The page rebuilds its cards every second: an element found a moment ago may be gone, so look again.
            new WebDriverWait(browser, Duration.ofSeconds(120)).pollingEvery(Duration.ofMillis(250))
                    .ignoring(StaleElementReferenceException.class)
                    .withMessage("4 clusters, each with a description, profile lines and a table of its latest events")
                    .until(b -> {
                        List<WebElement> cards = b.findElements(By.cssSelector("#clusters .cluster"));
                        return cards.size() == 4 && cards.stream().allMatch(c ->
                                !c.findElements(By.cssSelector(".description")).isEmpty()
                                        && !c.findElement(By.cssSelector(".description")).getText().isBlank()
                                        && !c.findElements(By.cssSelector(".profile li")).isEmpty()
                                        && c.findElements(By.cssSelector("table.events tr")).size() >= 2);
                    });
            String header = new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(StaleElementReferenceException.class)
                    .until(b -> b.findElement(By.cssSelector("#clusters .cluster table.events tr")).getText());
            assertThat(header).contains("amount", "country", "note");
            assertThat(browser.findElements(By.cssSelector("canvas.record"))).as("events are not images").isEmpty();
            new WebDriverWait(browser, Duration.ofSeconds(30)).pollingEvery(Duration.ofMillis(250))
                    .withMessage("a map of the latest records and the centroids")
                    .until(b -> b.findElements(By.cssSelector("#map circle.point")).size() > 100
                            && b.findElements(By.cssSelector("#map circle.centroid")).size() == 4);
            saveScreenshot(browser.getScreenshotAs(OutputType.FILE), "live-page-events.png", SCREENSHOT_EVENTS_PROPERTY);
        } finally {
            browser.quit();
            demo.join(Duration.ofMinutes(3).toMillis());
        }
        assertThat(demo.isAlive()).as("the demo finished").isFalse();
        assertThat(demoStatus.get()).as("the demo's exit status").isZero();
    }

    /** Headless Chromium, {@code height} pixels tall, with a profile of its own under {@code profile}. */
    private ChromeDriver browser(String profile, int height) {
        assertThat(CHROMIUM).as("headless Chromium: apt-get install -y chromium chromium-driver").isExecutable();
        assertThat(CHROMEDRIVER).as("ChromeDriver: apt-get install -y chromium-driver").isExecutable();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280," + height,
                "--user-data-dir=" + browserProfile.resolve(profile));
        return new ChromeDriver(service, options);
    }

    private static void open(ChromeDriver browser, String url) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(Duration.ofMillis(500))
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(b -> {
                    b.get(url);
                    return b.getTitle().contains("Kluster");
                });
    }

    private static boolean everyClusterHasImages(List<WebElement> clusters) {
        return clusters.size() == K
                && clusters.stream().allMatch(c -> !c.findElements(By.cssSelector("canvas.record")).isEmpty());
    }

    private static long assigned(ChromeDriver browser) {
        String text = browser.findElement(By.id("assigned")).getText().replace(",", "");
        return text.matches("\\d+") ? Long.parseLong(text) : -1;
    }

    private static void saveScreenshot(File shot, String name, String property) throws IOException {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        String keep = System.getProperty(property);
        if (keep != null && !keep.isBlank()) {
            Files.copy(shot.toPath(), Path.of(keep), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
