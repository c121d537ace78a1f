package org.gatewayaccess.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person at a real browser: Debian's headless Chromium driven through its ChromeDriver,
 * finding things the way a person does — buttons by their text or accessible name, fields
 * by their label — and reading only the text the page shows. Screenshots go to
 * {@code target/screenshots/<run>-<name>.png} and stay there as test artefacts.
 */
public final class ConsoleBrowser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;
    private final String run;

    private ConsoleBrowser(ChromeDriver driver, Path profile, Path screenshots, String run) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
        this.run = run;
    }

    /** Whether Debian's chromium and chromium-driver are installed ({@code .ci/run} installs them where it can). */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A fresh browser with an empty profile; {@code run} prefixes the screenshots (one run per database). */
    public static ConsoleBrowser start(Path workDir, String run) {
        try {
            Path profile = Files.createTempDirectory("console-chromium-");
            Path screenshots = Files.createDirectories(workDir.resolve("screenshots"));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // The flags that work on this kind of machine: no sandbox as root, and nothing that phones home
            // (the closed network refuses it, many connections at a time).
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--lang=en-US",
                    "--window-size=1280,1000",
                    "--user-data-dir=" + profile);
            // the page's console messages, to catch what the Content-Security-Policy refused
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
            // Both paths given: Selenium uses them as they are and never tries to download a driver or a browser.
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withLogFile(workDir.resolve("chromedriver-" + run + ".log").toFile())
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(WAIT);
            return new ConsoleBrowser(driver, profile, screenshots, run);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void open(String url) {
        driver.get(url);
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /** Signs in on the realm's login page (Keycloak's own form), waiting for it to be shown first. */
    public void signInOnLoginPage(String username, String password) {
        waitFor(() -> !driver.findElements(By.id("username")).isEmpty(), "the realm's login page");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    /** Everything the page shows as text (hidden elements excluded). */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Waits until the page shows {@code text} somewhere. */
    public void waitForText(String text) {
        waitFor(() -> text().contains(text), "the text '" + text + "'");
    }

    /** Clicks the visible button whose text or accessible name (aria-label) is {@code name}. */
    public void click(String name) {
        WebElement button = waitForElement(() -> visibleButtons(name), "a button '" + name + "'");
        button.click();
    }

    /** Visible buttons whose text or accessible name is {@code name}. */
    public List<WebElement> visibleButtons(String name) {
        return driver
                .findElements(By.xpath("//button[normalize-space()=" + xpathString(name) + " or @aria-label="
                        + xpathString(name) + "]"))
                .stream()
                .filter(WebElement::isDisplayed)
                .toList();
    }

    /** Clicks the visible element with this {@code data-testid}. */
    public void clickTestId(String testId) {
        clickPast(waitForElement(
                () -> driver.findElements(By.cssSelector("[data-testid=" + cssString(testId) + "]")).stream()
                        .filter(WebElement::isDisplayed)
                        .toList(),
                "an element with data-testid '" + testId + "'"));
    }

    /** Clicks the visible link or button whose text is {@code text} (the admin console draws some actions as either). */
    public void clickLink(String text) {
        clickPast(waitForElement(
                () -> driver
                        .findElements(
                                By.xpath("//*[self::a or self::button][normalize-space()=" + xpathString(text) + "]"))
                        .stream()
                        .filter(WebElement::isDisplayed)
                        .toList(),
                "a link or button '" + text + "'"));
    }

    /**
     * Clicks the button (or typeahead input) named {@code button} inside the form group whose label starts with {@code label} (the Keycloak
     * admin console's dynamic forms repeat button names and ids, such as "Select group", once per field).
     */
    public void clickInField(String label, String button) {
        String xpath = "//label[starts-with(normalize-space(), " + xpathString(label) + ")]"
                + "/ancestor::div[contains(concat(' ', @class, ' '), ' pf-v5-c-form__group ')][1]"
                + "//*[self::button or self::input][normalize-space()=" + xpathString(button) + " or @aria-label="
                + xpathString(button) + "]";
        clickPast(waitForElement(
                () -> driver.findElements(By.xpath(xpath)).stream()
                        .filter(WebElement::isDisplayed)
                        .toList(),
                "a button '" + button + "' in the field '" + label + "'"));
    }

    /**
     * Clicks, closing the admin console's toasts first if one lies over the element (they stack in the top right
     * corner, over the page's action menu, for several seconds), as a person would.
     */
    private void clickPast(WebElement element) {
        try {
            element.click();
        } catch (org.openqa.selenium.ElementClickInterceptedException covered) {
            for (WebElement close : driver.findElements(By.xpath(
                    "//ul[contains(@class, 'pf-v5-c-alert-group')]" + "//button[starts-with(@aria-label, 'Close')]"))) {
                try {
                    if (close.isDisplayed()) {
                        close.click();
                    }
                } catch (org.openqa.selenium.StaleElementReferenceException gone) {
                    // that toast timed out between finding and closing it: one fewer to close
                }
            }
            waitFor(
                    () -> driver.findElements(By.xpath("//ul[contains(@class, 'pf-v5-c-alert-group')]//li")).stream()
                            .noneMatch(WebElement::isDisplayed),
                    "the toasts to close");
            element.click();
        }
    }

    /** The text shown in the form group whose label starts with {@code label} (its chips, values, messages). */
    public String fieldText(String label) {
        String xpath = "//label[starts-with(normalize-space(), " + xpathString(label) + ")]"
                + "/ancestor::div[contains(concat(' ', @class, ' '), ' pf-v5-c-form__group ')][1]";
        return driver.findElements(By.xpath(xpath)).stream()
                .findFirst()
                .map(WebElement::getText)
                .orElse("");
    }

    /**
     * Picks (or, in a multi-select, un-picks) the option {@code text} of the select in the field labelled {@code label},
     * opening its menu with {@code toggle} first unless it is open (a multi-select's menu closes after some picks).
     */
    public void pick(String label, String toggle, String text) {
        if (options(text).isEmpty()) {
            clickInField(label, toggle);
        }
        clickOption(text);
    }

    private List<WebElement> options(String text) {
        return driver
                .findElements(By.xpath("//*[@role='option'][normalize-space()=" + xpathString(text) + "]"
                        + " | //*[@role='option']//*[normalize-space()=" + xpathString(text) + "]"))
                .stream()
                .filter(WebElement::isDisplayed)
                .toList();
    }

    /** Clicks the visible option (of an open select menu) whose text is {@code text}. */
    public void clickOption(String text) {
        waitForElement(
                        () -> driver
                                .findElements(By.xpath("//*[@role='option'][normalize-space()=" + xpathString(text)
                                        + "]" + " | //*[@role='option']//*[normalize-space()=" + xpathString(text)
                                        + "]"))
                                .stream()
                                .filter(WebElement::isDisplayed)
                                .toList(),
                        "an option '" + text + "'")
                .click();
    }

    /** Keeps the page's HTML next to the screenshots, to see what a failing step met. */
    public Path dump(String name) {
        Path file = screenshots.resolve(run + "-" + name + ".html");
        try {
            Files.writeString(file, driver.getPageSource());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Types into the field labelled {@code label} (a {@code <label for>}), replacing what was there. */
    public void fill(String label, String value) {
        WebElement field = field(label);
        field.clear();
        field.sendKeys(value);
    }

    /**
     * Replaces the text of the field with this id the way a person does (select all, type):
     * React-controlled fields, like the Keycloak admin console's, ignore a programmatic clear.
     */
    public void replaceText(String id, String value) {
        WebElement field = waitForElement(() -> driver.findElements(By.id(id)), "a field with id '" + id + "'");
        field.click();
        field.sendKeys(
                org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), org.openqa.selenium.Keys.DELETE);
        field.sendKeys(value);
    }

    /** The current value of the field with this id ("" while there is none). */
    public String value(String id) {
        return driver.findElements(By.id(id)).stream()
                .findFirst()
                .map(e -> e.getDomProperty("value"))
                .orElse("");
    }

    /** Chooses an option by its text in the select whose accessible name (aria-label or label) is {@code label}. */
    public void choose(String label, String option) {
        new Select(field(label)).selectByVisibleText(option);
    }

    /** The text of the page's alert (the API's error sentence), waiting for it to be shown. */
    public String alert() {
        WebElement alert = waitForElement(
                () -> driver.findElements(By.cssSelector("[role=alert]")).stream()
                        .filter(WebElement::isDisplayed)
                        .toList(),
                "an alert");
        return alert.getText();
    }

    /** A property of the element with that id, as the browser has it now (e.g. a progress bar's value). */
    public String property(String id, String property) {
        return String.valueOf(((JavascriptExecutor) driver)
                .executeScript("return document.getElementById(arguments[0])[arguments[1]];", id, property));
    }

    /**
     * The script errors and Content-Security-Policy refusals the page logged since the last call.
     * Failed loads are left out: an API refusal the page shows on purpose (say a 409) logs one too.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource"))
                .toList();
    }

    public Path screenshot(String name) {
        Path file = screenshots.resolve(run + "-" + name + ".png");
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Waits until {@code condition} holds, failing with what was on the page. */
    public void waitFor(BooleanSupplier condition, String what) {
        try {
            // an element found a moment ago may be re-rendered (React) or gone (a toast timing out) when it is asked:
            // ask again
            new WebDriverWait(driver, WAIT, Duration.ofMillis(200))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(d -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "Waited " + WAIT.toSeconds() + " s for " + what + " at " + url() + "; the page shows:\n" + text(),
                    e);
        }
    }

    private WebElement field(String label) {
        return waitForElement(
                () -> {
                    List<WebElement> byAria =
                            driver.findElements(By.xpath("//*[@aria-label=" + xpathString(label) + "]"));
                    if (!byAria.isEmpty()) {
                        return byAria;
                    }
                    return driver
                            .findElements(By.xpath("//label[normalize-space()=" + xpathString(label)
                                    + " or starts-with(normalize-space(), " + xpathString(label + " (") + ")]"))
                            .stream()
                            .map(l -> driver.findElements(By.id(l.getAttribute("for"))))
                            .flatMap(List::stream)
                            .toList();
                },
                "a field labelled '" + label + "'");
    }

    private WebElement waitForElement(java.util.function.Supplier<List<WebElement>> find, String what) {
        WebElement[] found = new WebElement[1];
        waitFor(
                () -> {
                    List<WebElement> all = find.get();
                    found[0] = all.isEmpty() ? null : all.get(0);
                    return found[0] != null;
                },
                what);
        return found[0];
    }

    private static String cssString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** An XPath string literal for any text (XPath 1.0 has no escapes). */
    private static String xpathString(String s) {
        if (!s.contains("'")) {
            return "'" + s + "'";
        }
        return "concat('" + s.replace("'", "', \"'\", '") + "')";
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
