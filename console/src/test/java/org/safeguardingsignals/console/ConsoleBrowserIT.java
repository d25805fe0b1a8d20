package org.safeguardingsignals.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.safeguardingsignals.embedded.Keycloak;
import org.safeguardingsignals.events.Agency;
import org.safeguardingsignals.events.AlertRouting;
import org.safeguardingsignals.events.AlertStatus;
import org.safeguardingsignals.events.AlertWindow;
import org.safeguardingsignals.events.DecisionOutcome;
import org.safeguardingsignals.events.Evidence;
import org.safeguardingsignals.events.IndicatorCategory;
import org.safeguardingsignals.events.LinkedGroup;
import org.safeguardingsignals.events.MashDecision;
import org.safeguardingsignals.events.RetractionReason;
import org.safeguardingsignals.events.RiskAlert;
import org.safeguardingsignals.events.Severity;
import org.safeguardingsignals.events.Withdrawal;
import org.safeguardingsignals.events.WorkItem;
import org.safeguardingsignals.events.WorkItemAlert;
import org.safeguardingsignals.events.WorkItemStatus;

/**
 * A MASH worker in a real browser (Debian's headless Chromium): signs in through the identity provider's real login
 * page (Keycloak with the demo realm), watches an alert arrive live, reads its evidence, opens the child's
 * chronology, reveals the child's NHS number with a reason, records a decision with its reason and signs out; the
 * information-governance officer then finds the reveal in the audit trail. Needs /usr/bin/chromium and /usr/bin/chromedriver
 * (.ci/run installs them); without them this test fails rather than pretends. A second worker opens an alert whose
 * fields carry markup, written straight to the topics as a compromised producer would, and sees it as plain text. A
 * third works from the child worklist: two children of one household arrive as one entry; from a child's item she
 * opens the chronology and reveals the NHS number with a reason, proposes no further action with a reason and
 * consent basis, and her team manager signs it off, which closes the child's item. A fourth sees a group of linked
 * children (exploitation): his own authority's child with its alert and episode reference, whom he reveals with a
 * reason, and another authority's child as a pseudonym held by that authority. A fifth has acknowledged an alert when
 * the police retract the incident behind it (wrong child) and a health trust retracts a piece of another child's toxic
 * trio, which is re-issued as emerging: both alerts show as withdrawn with reason, agency and date, her decision stays
 * against the first, the withdrawn and the re-issued alert link to each other, the child whose every alert was
 * withdrawn leaves the worklist, and the chronology shows the retraction.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserIT {
    static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");
    Keycloak keycloak;
    ConsoleWorld world;
    WebDriver browser;
    Path shots;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        assertThat(new File(CHROMIUM).canExecute())
                .as("Chromium at " + CHROMIUM + " (apt-get install chromium chromium-driver)")
                .isTrue();
        assertThat(new File(CHROMEDRIVER).canExecute())
                .as("ChromeDriver at " + CHROMEDRIVER + " (apt-get install chromium-driver)")
                .isTrue();
        keycloak = Keycloak.shared(List.of(Keycloak.demoRealm()));
        world = new ConsoleWorld(
                dir, 1, Map.of(ConsoleSettings.OIDC_ISSUER, keycloak.issuer(Keycloak.DEMO_REALM)), false);
        shots = Path.of("target", "browser");
        Files.createDirectories(shots);
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1400,1000",
                        "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (world != null) {
            world.close();
        }
    }

    @Test
    void aWorkerWatchesAnAlertArriveReadsTheChronologyAndRecordsADecision() throws Exception {
        ConsoleApp console = world.consoles.get(0);
        WebDriverWait wait = waitUpTo90s();
        signInThroughProvider(console, "amara", wait);
        assertThat(browser.findElement(By.cssSelector("[data-testid=who]")).getText())
                .contains("amara", "E09000022", "WORKER");
        // the browser holds a session id the page cannot read, never a token
        Cookie session = browser.manage().getCookieNamed("mash_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.isSecure()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat((String) ((JavascriptExecutor) browser).executeScript("return document.cookie"))
                .doesNotContain("mash_session");
        assertThat((Long) ((JavascriptExecutor) browser)
                        .executeScript("return sessionStorage.length + localStorage.length"))
                .isZero();
        assertThat(rows()).isEmpty();

        String child = world.emergingTrio(ConsoleWorld.LAMBETH); // the agencies publish; the page is not reloaded
        world.emergingTrio(ConsoleWorld.KENT);

        wait.until(d -> rows().size() == 1);
        WebElement row = rows().get(0);
        assertThat(row.getText()).contains("Emerging toxic trio", "MEDIUM", "E09000022", "New");
        assertThat(row.findElement(By.cssSelector("[data-testid=row-due]")).getText())
                .as("time to the one-working-day decision, or how late it is")
                .matches("(in|overdue by) .+");
        screenshot("1-live-alert");

        row.click();
        WebElement detail =
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=detail]")));
        assertThat(detail.getText()).contains("toxic-trio-emerging, version 2", child);
        assertThat(browser.findElements(By.cssSelector("[data-testid=evidence] tbody tr")))
                .hasSize(2);
        assertThat(browser.findElement(By.cssSelector("[data-testid=evidence]")).getText())
                .contains("Police", "Domestic abuse", "Health", "Parental mental health");

        browser.findElement(By.cssSelector("[data-testid=open-chronology]")).click();
        wait.until(d ->
                d.findElements(By.cssSelector("[data-testid=timeline-entry]")).size() == 2);
        assertThat(browser.findElement(By.cssSelector("[data-testid=timeline]")).getText())
                .contains("Domestic abuse", "Parental mental health", "INC-", "CRISIS-");
        screenshot("2-chronology");

        // the child's NHS number only with a reason, and it is on the record before it is shown
        // (this world's agencies put the number in their references; the child is shown by pseudonym alone)
        assertThat(browser.findElement(By.id("detail-child")).getText()).isEqualTo(child);
        assertThat(browser.findElement(By.cssSelector("[data-testid=detail-identity]"))
                        .getText())
                .isEmpty();
        browser.findElement(By.cssSelector("[data-testid=reveal-open]")).click();
        browser.findElement(By.cssSelector("[data-testid=reveal-confirm]")).click();
        assertThat(browser.findElement(By.cssSelector("[data-testid=detail-identity]"))
                        .getText())
                .as("no reason chosen: the browser asks for one, nothing is sent")
                .isEmpty();
        new Select(browser.findElement(By.cssSelector("[data-testid=reveal-reason]"))).selectByValue("MASH_SCREENING");
        browser.findElement(By.cssSelector("[data-testid=reveal-confirm]")).click();
        String nhs = world.nhsNumbers.get(child);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=detail-identity]"),
                nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6)));
        screenshot("3-identity");

        browser.findElement(By.cssSelector("[data-testid=decide-REFERRED_TO_CHILDRENS_SOCIAL_CARE]"))
                .click();
        new Select(browser.findElement(By.cssSelector("[data-testid=decision-reason]")))
                .selectByValue("REASONABLE_CAUSE_TO_SUSPECT_SIGNIFICANT_HARM");
        new Select(browser.findElement(By.cssSelector("[data-testid=decision-consent]")))
                .selectByValue("NOT_SOUGHT_RISK_OF_HARM");
        browser.findElement(By.cssSelector("[data-testid=decision-rationale]"))
                .sendKeys("Trio emerging within three weeks");
        browser.findElement(By.cssSelector("[data-testid=decision-submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=detail-status]"), "Closed"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=decision-history]"))
                        .getText())
                .contains(
                        "Referred to children's social care by amara (E09000022)",
                        "Reasonable cause to suspect significant harm (s47)",
                        "Trio emerging within three weeks");
        screenshot("4-decided");

        browser.findElement(By.cssSelector("[data-testid=signout]")).click();
        // signed out of the console and of the provider: the next person must sign in again
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=signin-provider]")));
        assertThat(world.send(HttpRequest.newBuilder(URI.create(console.url() + "api/me"))
                                .header("Cookie", "mash_session=" + session.getValue())
                                .build())
                        .statusCode())
                .as("the old session id no longer opens the API")
                .isEqualTo(401);

        // the information-governance officer finds the reveal, with its reason, in the audit trail
        browser.findElement(By.cssSelector("[data-testid=signin-provider]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys("imogen");
        browser.findElement(By.id("password")).sendKeys("demo-imogen");
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=audit]")));
        assertThat(browser.findElement(By.id("main")).isDisplayed())
                .as("no alerts for IG")
                .isFalse();
        browser.findElement(By.cssSelector("[data-testid=audit-child]")).sendKeys(child);
        browser.findElement(By.cssSelector("[data-testid=audit-search]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=audit-rows]"), "Identity revealed"));
        List<String> reveals = browser.findElements(By.cssSelector("[data-testid=audit-row]")).stream()
                .map(WebElement::getText)
                .filter(t -> t.contains("Identity revealed"))
                .toList();
        assertThat(reveals).hasSize(1);
        assertThat(reveals.get(0)).contains("amara", "Shown", "MASH screening");
        assertThat(browser.findElement(By.cssSelector("[data-testid=audit-csv]"))
                        .getAttribute("href"))
                .contains("/api/audit.csv?child=" + child);
        screenshot("5-audit");
    }

    @Test
    void markupInAnAlertOrADecisionIsShownAsTextAndNeverRuns() throws Exception {
        // straight onto the topics, as a compromised or older producer would: intake validation never sees these
        String alertId = "XSS-" + UUID.randomUUID() + "\"><img src=x onerror=\"window.__pwned='alertId'\">";
        String reference = "INC-1<img src=x onerror=\"window.__pwned='sourceReference'\">";
        String worker = "<img src=x onerror=\"window.__pwned='workerId'\">";
        String authority = "<svg onload=\"window.__pwned='localAuthority'\"></svg>";
        RiskAlert alert = ConsoleWorld.alert(alertId, Severity.HIGH, ConsoleWorld.BIRMINGHAM, reference, 2);
        alert.setRuleId("<img src=x onerror=\"window.__pwned='ruleId'\">");
        world.publishAlert(alert);
        world.publishDecision(MashDecision.newBuilder()
                .setDecisionId(UUID.randomUUID())
                .setAlertId(alertId)
                .setChildPseudonym(alert.getChildPseudonym())
                .setLocalAuthority(authority)
                .setOutcome(DecisionOutcome.ACKNOWLEDGED)
                .setWorkerId(worker)
                .setDecidedAt(Instant.now())
                .build());

        ConsoleApp console = world.consoles.get(0);
        WebDriverWait wait = waitUpTo90s();
        signInWithToken(console, ConsoleWorld.SAM_TOKEN, wait);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=alerts]"), "Acknowledged"));
        assertThat(rows()).as("one row for the alert, whatever its id holds").hasSize(1);
        assertThat(rows().get(0).getText()).contains(alert.getRuleId());
        rows().get(0).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=detail]")));
        screenshot("6-hostile-alert");

        assertThat(browser.findElement(By.cssSelector("[data-testid=evidence]")).getText())
                .contains(reference);
        assertThat(browser.findElement(By.cssSelector("[data-testid=decision-history]"))
                        .getText())
                .contains("Acknowledged by " + worker + " (" + authority + ")");
        assertThat(browser.findElement(By.id("detail-title")).getText()).contains(alert.getRuleId());
        assertThat(browser.findElements(By.cssSelector("main img, main svg")))
                .as("elements made from data")
                .isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return typeof window.__pwned"))
                .isEqualTo("undefined");
    }

    @Test
    void aWorkerDecidesOnAChildOfAHouseholdAndHerManagerSignsOffNoFurtherAction() throws Exception {
        ConsoleApp console = world.consoles.get(0);
        WebDriverWait wait = waitUpTo90s();
        signInWithToken(console, ConsoleWorld.SOL_TOKEN, wait);
        String household = "HH-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> children = world.household(ConsoleWorld.SOUTHWARK, household, 2);

        // the two brothers or sisters arrive live, as one household of the worklist
        wait.until(d -> itemRows().size() == 2);
        List<WebElement> households = browser.findElements(By.cssSelector("[data-testid=household]"));
        assertThat(households).hasSize(1);
        assertThat(households.get(0).getText()).contains(household, "2 children");
        assertThat(itemRows().get(0).getText()).contains("Emerging toxic trio", "MEDIUM", "E09000028", "Open");
        assertThat(itemRows()
                        .get(0)
                        .findElement(By.cssSelector("[data-testid=item-row-due]"))
                        .getText())
                .matches("in .+");
        screenshot("7-worklist");

        itemRows().get(0).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=item]")));
        String child =
                browser.findElement(By.cssSelector("[data-testid=item-child]")).getText();
        assertThat(child).isIn(children);
        assertThat(browser.findElement(By.cssSelector("[data-testid=item-household]"))
                        .getText())
                .contains(household, "with 1 other child waiting");
        assertThat(browser.findElements(By.cssSelector("[data-testid=item-evidence]")))
                .extracting(WebElement::getText)
                .satisfiesExactly(
                        police -> assertThat(police).contains("Police", "Domestic abuse", "INC-" + household),
                        health -> assertThat(health).contains("Health", "Parental mental health"));

        // from the child's item: the chronology, and the NHS number with a reason
        browser.findElement(By.cssSelector("[data-testid=item-open-chronology]"))
                .click();
        wait.until(d ->
                d.findElements(By.cssSelector("[data-testid=timeline-entry]")).size() == 2);
        assertThat(browser.findElement(By.id("chronology-child")).getText()).isEqualTo(child);
        assertThat(browser.findElement(By.cssSelector("[data-testid=item-identity]"))
                        .getText())
                .isEmpty();
        browser.findElement(By.cssSelector("[data-testid=item-reveal-open]")).click();
        new Select(browser.findElement(By.cssSelector("[data-testid=item-reveal-reason]")))
                .selectByValue("MASH_SCREENING");
        browser.findElement(By.cssSelector("[data-testid=item-reveal-confirm]")).click();
        String nhs = world.nhsNumbers.get(child);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=item-identity]"),
                nhs.substring(0, 3) + " " + nhs.substring(3, 6) + " " + nhs.substring(6)));

        new Select(browser.findElement(By.cssSelector("[data-testid=item-outcome]")))
                .selectByValue("NO_FURTHER_ACTION");
        new Select(browser.findElement(By.cssSelector("[data-testid=item-reason]")))
                .selectByValue("NEEDS_MET_BY_UNIVERSAL_SERVICES");
        new Select(browser.findElement(By.cssSelector("[data-testid=item-consent]"))).selectByValue("CONSENT_GIVEN");
        browser.findElement(By.cssSelector("[data-testid=item-rationale]")).sendKeys("School and GP already involved");
        browser.findElement(By.cssSelector("[data-testid=item-submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=item-status]"), "Awaiting a manager"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=item-history]"))
                        .getText())
                .contains(
                        "No further action by sol (E09000028)",
                        "Needs met by universal services",
                        "Consent given",
                        "School and GP already involved")
                .doesNotContain("signed off");
        assertThat(browser.findElement(By.cssSelector("[data-testid=item-sign-off]"))
                        .isDisplayed())
                .as("a worker does not sign off her own decision")
                .isFalse();
        screenshot("8-awaiting-sign-off");

        // her team manager signs it off; the item closes and leaves the worklist; the sibling's stays
        signInWithToken(console, ConsoleWorld.MO_TOKEN, wait);
        wait.until(d -> itemRows().size() == 2);
        itemRows().stream()
                .filter(r -> r.getText().contains("Awaiting a manager"))
                .findFirst()
                .orElseThrow()
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=item-sign-off]")))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=item-status]"), "Closed"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=item-child]"))
                        .getText())
                .isEqualTo(child);
        assertThat(browser.findElement(By.cssSelector("[data-testid=item-history]"))
                        .getText())
                .contains("No further action by sol (E09000028)", "signed off by mo");
        wait.until(d -> itemRows().size() == 1);
        assertThat(browser.findElements(By.cssSelector("[data-testid=household]")))
                .isEmpty();
        screenshot("9-signed-off");
    }

    @Test
    void aSchoolsDslSeesTheNoticeRevealsTheChildWithAReasonAndAcknowledgesIt() throws Exception {
        ConsoleApp console = world.consoles.get(0);
        WebDriverWait wait = waitUpTo90s();
        String child = world.encompassIncident(ConsoleWorld.LAMBETH, ConsoleWorld.SCHOOL); // dara's school, 100001
        fresh(console);
        screenshot("10-dsl-signin");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=signin-provider]")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys("dara");
        browser.findElement(By.id("password")).sendKeys("demo-dara");
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=encompass]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=who]")).getText())
                .contains("dara", "100001", "SCHOOL_DSL");
        assertThat(browser.findElement(By.id("main")).isDisplayed())
                .as("the MASH board is not a DSL's")
                .isFalse();

        // the page refreshes its notices every 30 s; the notice is on its way from detection
        WebElement row = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (row == null && System.nanoTime() < deadline) {
            List<WebElement> notices = browser.findElements(By.cssSelector("[data-testid=notice]"));
            row = notices.stream()
                    .filter(r -> r.getText().contains(child.substring(0, 12)))
                    .findFirst()
                    .orElse(null);
            if (row == null) {
                Thread.sleep(2_000);
                browser.navigate().refresh();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=encompass]")));
            }
        }
        assertThat(row).as("the notice in dara's list").isNotNull();
        assertThat(row.getText()).contains("100001", "INC-ENC-", "Awaiting your acknowledgement");
        screenshot("11-dsl-notice");

        new org.openqa.selenium.support.ui.Select(row.findElement(By.cssSelector("[data-testid=notice-reveal-reason]")))
                .selectByValue("MASH_SCREENING");
        row.findElement(By.cssSelector("[data-testid=notice-reveal]")).click();
        WebElement shown = row.findElement(By.cssSelector("[data-testid=notice-identity]"));
        wait.until(d -> shown.getText().startsWith("NHS number"));
        assertThat(shown.getText().replace(" ", "")).endsWith(world.nhsNumbers.get(child));

        row.findElement(By.cssSelector("[data-testid=notice-acknowledge]")).click();
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=notice]")).stream()
                .anyMatch(r -> r.getText().contains(child.substring(0, 12))
                        && r.getText().contains("Acknowledged by dara")));
        screenshot("12-dsl-acknowledged");
    }

    @Test
    void aWorkerSeesLinkedChildrenTheirOwnWithAlertsAndARevealAnotherAuthoritysAsAPseudonym() throws Exception {
        String kentChild = world.sealedChild();
        String lambethChild = world.sealedChild();
        RiskAlert alert =
                ConsoleWorld.alert("exploitation-" + UUID.randomUUID(), Severity.HIGH, ConsoleWorld.KENT, "MISS-K", 1);
        alert.setRuleId("exploitation-risk");
        alert.setChildPseudonym(kentChild);
        world.publishAlert(alert);
        LinkedGroup group =
                ConsoleExploitationIT.group(kentChild, ConsoleWorld.KENT, lambethChild, ConsoleWorld.LAMBETH);
        world.publishGroup(group.getGroupId(), group);

        ConsoleApp console = world.consoles.get(0);
        WebDriverWait wait = waitUpTo90s();
        signInWithToken(console, ConsoleWorld.KENT_TOKEN, wait); // kofi, a Kent worker
        By members = By.cssSelector("[data-testid=group-member]");
        wait.until(d -> {
            if (d.findElements(members).size() == 2
                    && d.findElement(By.cssSelector("[data-testid=groups]"))
                            .getText()
                            .contains("HIGH")) {
                return true;
            }
            d.findElement(By.cssSelector("[data-testid=groups-refresh]")).click(); // the group is on its way
            return false;
        });
        assertThat(browser.findElement(By.id("groups-title")).getText()).isEqualTo("Linked children (exploitation)");
        List<WebElement> groups = browser.findElements(By.cssSelector("[data-testid=group]"));
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).findElement(By.tagName("h3")).getText())
                .isEqualTo("2 linked children · E09000022, E10000016");
        WebElement own = memberRow(kentChild);
        WebElement other = memberRow(lambethChild);
        assertThat(own.findElement(By.cssSelector("[data-testid=group-member-alerts]"))
                        .getText())
                .isEqualTo("HIGH Exploitation risk: signs seen by several agencies (missing, education, police, "
                        + "health, assessed)");
        assertThat(other.findElement(By.cssSelector("[data-testid=group-member-alerts]"))
                        .getText())
                .isEqualTo("held by E09000022: ask them");
        assertThat(other.findElements(By.cssSelector("[data-testid=group-member-reveal]")))
                .as("another authority's child is not kofi's to reveal")
                .isEmpty();
        List<WebElement> links = browser.findElements(By.cssSelector("[data-testid=group-link]"));
        assertThat(links).hasSize(1);
        assertThat(links.get(0).getText())
                .startsWith("Found together (found in E01003017)")
                .contains("Police 01 MISS-" + kentChild.substring(0, 8), "held by E09000022")
                .doesNotContain("MISS-" + lambethChild.substring(0, 8));
        screenshot("13-linked-children");

        new Select(own.findElement(By.cssSelector("[data-testid=group-member-reveal-reason]")))
                .selectByValue("STRATEGY_DISCUSSION");
        own.findElement(By.cssSelector("[data-testid=group-member-reveal]")).click();
        WebElement shown = own.findElement(By.cssSelector("[data-testid=group-member-identity]"));
        wait.until(d -> shown.getText().startsWith("NHS number"));
        assertThat(shown.getText().replace(" ", "")).isEqualTo("NHSnumber" + world.nhsNumbers.get(kentChild));
        world.publishGroup(group.getGroupId(), null); // gone for the other tests' pages
    }

    @Test
    void aWithdrawnAlertShowsAsWithdrawnWithItsReasonKeepsItsDecisionAndLeavesTheWorklist() throws Exception {
        Instant now = Instant.now();
        // a fixed day for the withdrawals, at midday UTC: the page shows "20 Nov 2026" in any browser time zone
        Instant retractedAt = Instant.parse("2026-11-19T15:00:00Z");
        Instant withdrawnAt = Instant.parse("2026-11-20T12:00:00Z");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // child 1: the police's incident, which detection holds in the child's chronology, behind one alert
        ConsoleWorld.Incident incident = world.policeIncident(ConsoleWorld.HACKNEY);
        Evidence incidentEvidence = Evidence.newBuilder(evidence(
                        Agency.POLICE,
                        incident.eventId().toString(),
                        incident.reference(),
                        IndicatorCategory.DOMESTIC_ABUSE))
                .setOccurredAt(incident.occurredAt())
                .build();
        RiskAlert wrongChild = hackneyAlert(
                "no-school-" + tag, "no-current-school", Severity.MEDIUM, incident.child(), now, incidentEvidence);
        // child 2: a toxic trio whose drug-misuse piece the health trust will take back
        String child2 = UUID.randomUUID().toString().replace("-", "");
        Evidence abuse = evidence(Agency.POLICE, "e-abuse-" + tag, "INC-T-" + tag, IndicatorCategory.DOMESTIC_ABUSE);
        Evidence crisis =
                evidence(Agency.HEALTH, "e-crisis-" + tag, "CRISIS-T-" + tag, IndicatorCategory.PARENTAL_MENTAL_HEALTH);
        Evidence drugs =
                evidence(Agency.HEALTH, "e-drugs-" + tag, "DRUGS-T-" + tag, IndicatorCategory.PARENTAL_DRUG_MISUSE);
        RiskAlert trio = hackneyAlert(
                "trio-" + tag, "toxic-trio", Severity.HIGH, child2, now.minusSeconds(60), abuse, crisis, drugs);
        WorkItem item1 = workItem(
                "item-1-" + tag, incident.child(), WorkItemStatus.OPEN, Severity.MEDIUM, now, itemAlert(wrongChild));
        WorkItem item2 = workItem("item-2-" + tag, child2, WorkItemStatus.OPEN, Severity.HIGH, now, itemAlert(trio));
        world.publishAlert(wrongChild);
        world.publishAlert(trio);
        world.publishWorkItem(item1);
        world.publishWorkItem(item2);

        ConsoleApp console = world.consoles.get(0);
        WebDriverWait wait = waitUpTo90s();
        signInWithToken(console, ConsoleWorld.WREN_TOKEN, wait);
        wait.until(d -> rows().size() == 2 && itemRows().size() == 2);

        // she takes the first alert, and looks at the child's chronology: the incident
        alertRow(wrongChild.getAlertId()).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=detail]")));
        browser.findElement(By.cssSelector("[data-testid=decide-ACKNOWLEDGED]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=detail-status]"), "Acknowledged"));
        browser.findElement(By.cssSelector("[data-testid=open-chronology]")).click();
        wait.until(d ->
                d.findElements(By.cssSelector("[data-testid=timeline-entry]")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("[data-testid=timeline]")).getText())
                .contains("Domestic abuse", incident.reference());

        // the corrections: what detection publishes after the police's and the health trust's retractions
        RiskAlert emerging = hackneyAlert(
                "emerging-" + tag, "toxic-trio-emerging", Severity.MEDIUM, child2, now.plusSeconds(60), abuse, crisis);
        emerging.setSupersedes(trio.getAlertId());
        RiskAlert wrongChildWithdrawn = withdrawn(
                wrongChild,
                withdrawal(Agency.POLICE, "01", RetractionReason.WRONG_CHILD, "CORR-P-" + tag, incidentEvidence)
                        .setRetractedAt(retractedAt)
                        .setWithdrawnAt(withdrawnAt)
                        .build());
        RiskAlert trioWithdrawn = withdrawn(
                trio,
                withdrawal(Agency.HEALTH, "RJ1", RetractionReason.RECORDED_IN_ERROR, "CORR-H-" + tag, drugs)
                        .setRetractedAt(retractedAt)
                        .setWithdrawnAt(withdrawnAt)
                        .build());
        world.policeRetract(incident, RetractionReason.WRONG_CHILD, "CORR-P-" + tag, ConsoleWorld.HACKNEY);
        world.publishAlert(wrongChildWithdrawn);
        world.publishAlert(trioWithdrawn); // withdrawn, then re-issued, in this order (each sent before the next)
        world.publishAlert(emerging);
        world.publishWorkItem(workItem(
                item1.getWorkItemId(),
                incident.child(),
                WorkItemStatus.WITHDRAWN,
                Severity.MEDIUM,
                now.plusSeconds(120),
                itemAlert(wrongChildWithdrawn)));
        // the record's own severity left as it was: the console ranks the item without its withdrawn alert anyway
        world.publishWorkItem(workItem(
                item2.getWorkItemId(),
                child2,
                WorkItemStatus.OPEN,
                Severity.HIGH,
                now.plusSeconds(120),
                WorkItemAlert.newBuilder(itemAlert(trioWithdrawn))
                        .setSupersededBy(emerging.getAlertId())
                        .build(),
                itemAlert(emerging)));

        // live, without a reload: the open alert she is reading shows as withdrawn, with why, by whom and when
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=detail-status]"), "Withdrawn"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=detail-withdrawal-summary]"))
                        .getText())
                .isEqualTo("Withdrawn: Wrong child, 20 Nov 2026, by Police (01)");
        assertThat(browser.findElement(By.cssSelector("[data-testid=detail-withdrawal-reason]"))
                        .getText())
                .isEqualTo("Wrong child");
        assertThat(browser.findElement(By.cssSelector("[data-testid=detail-withdrawal-agency]"))
                        .getText())
                .isEqualTo("Police (01)");
        assertThat(browser.findElement(By.cssSelector("[data-testid=detail-withdrawal-reference]"))
                        .getText())
                .isEqualTo("CORR-P-" + tag);
        assertThat(browser.findElement(By.cssSelector("[data-testid=detail-withdrawal-date]"))
                        .getText())
                .startsWith("20 Nov 2026");
        assertThat(browser.findElements(By.cssSelector("[data-testid=removed-evidence-row]")))
                .singleElement()
                .satisfies(r -> assertThat(r.getText()).contains("Police", "Domestic abuse", incident.reference()));
        // her decision stays against it; no new decision is asked for, and the server takes none
        assertThat(browser.findElements(By.cssSelector("[data-testid=decision-history] li")))
                .singleElement()
                .satisfies(d -> assertThat(d.getText()).startsWith("Acknowledged by wren (E09000012)"));
        assertThat(browser.findElement(By.id("decision-buttons")).isDisplayed()).isFalse();
        assertThat(world.post(
                                console,
                                "/api/alerts/" + wrongChild.getAlertId() + "/decisions",
                                ConsoleWorld.WREN_TOKEN,
                                "{\"outcome\":\"ACKNOWLEDGED\"}")
                        .statusCode())
                .isEqualTo(409);
        screenshot("14-withdrawn-alert");

        // the open list keeps the re-issued alert alone; the worklist keeps the child with an alert still standing
        wait.until(d -> rows().size() == 1 && itemRows().size() == 1);
        assertThat(rows().get(0).getText())
                .contains("Emerging toxic trio", "(re-issued after a correction)", "MEDIUM", "New");
        WebElement itemRow = itemRows().get(0);
        assertThat(itemRow.getAttribute("data-id")).isEqualTo(item2.getWorkItemId());
        assertThat(itemRow.getText())
                .contains("MEDIUM", "Emerging toxic trio", "Open")
                .doesNotContain("HIGH", "Toxic trio:");
        screenshot("15-worklist-after-withdrawal");

        // the re-issued alert links back to the withdrawn one, which links on to it
        rows().get(0).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=detail-supersedes]")))
                .click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=detail-withdrawal-summary]"),
                "Withdrawn: Recorded in error, 20 Nov 2026, by Health (RJ1)"));
        assertThat(browser.findElement(By.id("detail-title")).getText()).contains("HIGH", "Toxic trio");
        assertThat(browser.findElements(By.cssSelector("[data-testid=removed-evidence-row]")))
                .singleElement()
                .satisfies(r -> assertThat(r.getText()).contains("Health", "Parental drug misuse", "DRUGS-T-" + tag));
        assertThat(browser.findElements(By.cssSelector("[data-testid=evidence] tbody tr")))
                .hasSize(3);
        assertThat(browser.findElement(By.cssSelector("[data-testid=detail-reissued]"))
                        .getText())
                .isEqualTo("the alert " + emerging.getAlertId());
        screenshot("16-withdrawn-and-reissued");
        browser.findElement(By.cssSelector("[data-testid=detail-reissued]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-title"), "Emerging toxic trio"));
        assertThat(browser.findElement(By.cssSelector("[data-testid=detail-withdrawal]"))
                        .isDisplayed())
                .isFalse();

        // both withdrawn alerts, and only they, under "Withdrawn"
        new Select(browser.findElement(By.cssSelector("[data-testid=status]"))).selectByValue("withdrawn");
        wait.until(d -> rows().size() == 2
                && rows().stream()
                        .allMatch(r -> r.findElement(By.cssSelector("[data-testid=row-status]"))
                                .getText()
                                .equals("Withdrawn")));
        assertThat(rows())
                .extracting(r -> r.getAttribute("data-id"))
                .containsExactlyInAnyOrder(wrongChild.getAlertId(), trio.getAlertId());

        // the child's item: the withdrawn alert struck through with why, the piece taken back marked
        itemRow.click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=item]")));
        List<WebElement> itemAlerts = browser.findElements(By.cssSelector("[data-testid=item-alert]"));
        assertThat(itemAlerts).hasSize(2);
        assertThat(itemAlerts.get(0).getAttribute("class")).isEqualTo("withdrawn");
        assertThat(itemAlerts
                        .get(0)
                        .findElement(By.cssSelector("[data-testid=item-alert-withdrawn]"))
                        .getText())
                .isEqualTo("Withdrawn: Recorded in error, 20 Nov 2026, by Health (RJ1)");
        assertThat(itemAlerts.get(1).getText()).contains("Emerging toxic trio").doesNotContain("Withdrawn");
        assertThat(browser.findElements(By.cssSelector("[data-testid=item-evidence]")))
                .extracting(WebElement::getText)
                .filteredOn(t -> t.contains("Retracted by the agency (recorded in error)"))
                .singleElement()
                .satisfies(t -> assertThat(t).contains("DRUGS-T-" + tag));
        assertThat(browser.findElement(By.id("item-title")).getText()).contains("MEDIUM");

        // the withdrawn child's item is among those closed or withdrawn lately
        browser.findElement(By.cssSelector("[data-testid=worklist-closed]")).click();
        wait.until(d -> itemRows().size() == 2);
        assertThat(itemRows())
                .filteredOn(r -> item1.getWorkItemId().equals(r.getAttribute("data-id")))
                .singleElement()
                .satisfies(r -> assertThat(r.findElement(By.cssSelector("[data-testid=item-row-status]"))
                                .getText())
                        .isEqualTo("Withdrawn: every alert was taken back"));

        // the chronology of the first child shows the police's retraction, with its reason, in place of the incident
        new Select(browser.findElement(By.cssSelector("[data-testid=status]"))).selectByValue("all");
        wait.until(d -> rows().size() == 3);
        alertRow(wrongChild.getAlertId()).click();
        By retraction = By.cssSelector("[data-testid=timeline-entry][data-category=RETRACTION]");
        wait.until(d -> {
            if (!d.findElements(retraction).isEmpty()) {
                return true;
            }
            d.findElement(By.cssSelector("[data-testid=open-chronology]")).click(); // detection applies it meanwhile
            return false;
        });
        assertThat(browser.findElements(retraction))
                .singleElement()
                .satisfies(e -> assertThat(e.getText()).contains("Police Retraction (wrong child)", "CORR-P-" + tag));
        // the retracted incident has left the chronology in the same change: the retraction is its only entry
        assertThat(browser.findElements(By.cssSelector("[data-testid=timeline-entry]")))
                .singleElement()
                .satisfies(e -> assertThat(e.getText()).doesNotContain(incident.reference()));
        screenshot("17-chronology-retraction");
    }

    private WebElement alertRow(String alertId) {
        return rows().stream()
                .filter(r -> alertId.equals(r.getAttribute("data-id")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + alertId));
    }

    private static Evidence evidence(Agency agency, String eventId, String reference, IndicatorCategory category) {
        return Evidence.newBuilder()
                .setAgency(agency)
                .setSourceEventId(eventId)
                .setSourceReference(reference)
                .setCategory(category)
                .setOccurredAt(Instant.now().minus(Duration.ofDays(2)))
                .build();
    }

    private static RiskAlert hackneyAlert(
            String id, String rule, Severity severity, String child, Instant raisedAt, Evidence... evidence) {
        return RiskAlert.newBuilder()
                .setAlertId(id)
                .setRuleId(rule)
                .setRuleVersion(1)
                .setSeverity(severity)
                .setChildPseudonym(child)
                .setLocalAuthority(ConsoleWorld.HACKNEY)
                .setEvidence(List.of(evidence))
                .setWindow(new AlertWindow(raisedAt.minus(Duration.ofDays(30)), raisedAt))
                .setRaisedAt(raisedAt)
                .setRoutedTo(List.of(ConsoleWorld.HACKNEY))
                .build();
    }

    private static Withdrawal.Builder withdrawal(
            Agency agency, String organisation, RetractionReason reason, String reference, Evidence removed) {
        return Withdrawal.newBuilder()
                .setRetractionEventId(UUID.randomUUID().toString())
                .setRetractedEventId(removed.getSourceEventId())
                .setAgency(agency)
                .setOrganisationCode(organisation)
                .setReason(reason)
                .setAgencyReference(reference)
                .setRemovedEvidence(List.of(removed));
    }

    /** The same alert, withdrawn: the same id and every other field as it was. */
    private static RiskAlert withdrawn(RiskAlert alert, Withdrawal withdrawal) {
        return RiskAlert.newBuilder(alert)
                .setStatus(AlertStatus.WITHDRAWN)
                .setWithdrawal(withdrawal)
                .build();
    }

    private static WorkItemAlert itemAlert(RiskAlert a) {
        return WorkItemAlert.newBuilder()
                .setAlertId(a.getAlertId())
                .setRuleId(a.getRuleId())
                .setRuleVersion(a.getRuleVersion())
                .setSeverity(a.getSeverity())
                .setRaisedAt(a.getRaisedAt())
                .setWindow(a.getWindow())
                .setEvidence(a.getEvidence())
                .setRoutedTo(a.getRoutedTo())
                .setWithdrawal(a.getWithdrawal())
                .build();
    }

    /** A child's work item for Hackney as detection publishes it, opened when its first alert was raised. */
    private static WorkItem workItem(
            String id,
            String child,
            WorkItemStatus status,
            Severity severity,
            Instant updatedAt,
            WorkItemAlert... alerts) {
        Instant opened = alerts[0].getRaisedAt();
        return WorkItem.newBuilder()
                .setWorkItemId(id)
                .setChildPseudonym(child)
                .setLocalAuthority(ConsoleWorld.HACKNEY)
                .setRouting(AlertRouting.FRONT_DOOR)
                .setStatus(status)
                .setSeverity(severity)
                .setAlerts(List.of(alerts))
                .setOpenedAt(opened)
                .setDecisionDueBy(opened.plus(Duration.ofDays(1)))
                .setUpdatedAt(updatedAt)
                .build();
    }

    private WebElement memberRow(String child) {
        return browser.findElements(By.cssSelector("[data-testid=group-member]")).stream()
                .filter(r -> child.equals(r.getAttribute("data-child")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + child));
    }

    private List<WebElement> itemRows() {
        return browser.findElements(By.cssSelector("[data-testid=item-row]"));
    }

    /** A fresh page (no session kept from an earlier test), signed in at Keycloak's own page, its stream live. */
    private void signInThroughProvider(ConsoleApp console, String user, WebDriverWait wait) throws Exception {
        fresh(console);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=signin-provider]")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(user);
        assertThat(browser.getCurrentUrl()).startsWith(keycloak.issuer(Keycloak.DEMO_REALM));
        browser.findElement(By.id("password")).sendKeys("demo-" + user);
        screenshot("0-provider-login");
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=live]"), "live"));
    }

    /** The documented fallback: a token from the users file, exchanged for the same session cookie. */
    private void signInWithToken(ConsoleApp console, String token, WebDriverWait wait) {
        fresh(console);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=token]")))
                .sendKeys(token);
        browser.findElement(By.cssSelector("[data-testid=signin]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-testid=live]"), "live"));
    }

    private void fresh(ConsoleApp console) {
        browser.get(console.url());
        // every cookie of every path: the console's, and Keycloak's session (on its realm's path), so that the next
        // sign-in is a new one at Keycloak's own page, not the last user's session carried on
        ((ChromeDriver) browser).executeCdpCommand("Network.clearBrowserCookies", Map.of());
        try {
            browser.navigate().refresh();
        } catch (TimeoutException e) {
            // seen once after the DSL's test: Chromium answered the reload "aborted by navigation: not attached to an
            // active page"; the cookies are gone either way, so the page is simply loaded again
            browser.get(console.url());
        }
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("[data-testid=alert-row]"));
    }

    private void screenshot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(shots.resolve(name + ".png"), png);
    }

    /**
     * A wait that looks again when the page replaced an element while the driver was asking about it: Chromium then
     * answers "Node with given id does not belong to the document" (a WebDriverException, not a stale-element one).
     * A condition that never holds still fails at 90 s, with the last such answer as its cause.
     */
    private WebDriverWait waitUpTo90s() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        return wait;
    }
}
