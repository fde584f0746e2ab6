package dev.playlog.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.playlog.alerts.AlertEvaluator;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real incident on the running app (the lake-write route stopped, so component lake goes DOWN) is alerted once by
 * e-mail to an in-process SMTP server (GreenMail) and once to a real HTTP receiver (WireMock), and resolved once when
 * the route runs again; an SMTP server that is down at first gets the alert late, not lost.
 */
class AlertsIT {

    private static final String SMTP_PASSWORD = "s3cret&smtp+pw%20=";
    private static final String S3_SECRET = "playlog-local-secret";

    @TempDir
    Path data;

    private PlaylogInstance app;
    private GreenMail smtp;
    private final WireMockServer hook = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final int smtpPort = PlaylogInstance.freePort();

    @BeforeEach
    void setUp() {
        hook.start();
        hook.stubFor(post("/hook").willReturn(ok()));
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("playlog@example.test", "alerts", SMTP_PASSWORD);
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        smtp.stop();
        hook.stop();
    }

    private PlaylogInstance app(String format) {
        return app(format, SMTP_PASSWORD);
    }

    /** The app alerting by e-mail to GreenMail (logging in when {@code smtpPassword} is not null) and to WireMock. */
    private PlaylogInstance app(String format, String smtpPassword) {
        PlaylogInstance instance = new PlaylogInstance(data);
        if (smtpPassword != null) {
            instance.with("playlog.alerts.email.username", "alerts").with("playlog.alerts.email.password", smtpPassword);
        }
        return instance
                .with("playlog.alerts.cron", "0/2 * * * * ?")
                .with("playlog.alerts.retries", 1)
                .with("playlog.alerts.email.enabled", true)
                .with("playlog.alerts.email.host", "127.0.0.1")
                .with("playlog.alerts.email.port", smtpPort)
                .with("playlog.alerts.email.from", "playlog@example.test")
                .with("playlog.alerts.email.to", "ops@example.test,oncall@example.test")
                .with("playlog.alerts.webhook.url", hook.baseUrl() + "/hook")
                .with("playlog.alerts.webhook.format", format)
                .with("playlog.health.lake-stall", "3s")
                .with("playlog.lake.max-age-ms", 500)
                .with("playlog.lake.consumers", 1)
                .with("playlog.dbt.cron", "0 0 0 1 1 ? 2099")
                .start();
    }

    /** Subject and body of every e-mail received about component lake (GreenMail keeps one copy per recipient). */
    private List<String> lakeMails() {
        List<String> mails = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                String text = message.getSubject() + "\n" + GreenMailUtil.getBody(message);
                if (message.getSubject().endsWith(": lake") && seen.add(message.getMessageID())) {
                    mails.add(text);
                }
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        }
        return mails;
    }

    /** Body of every webhook call about component lake. */
    private List<String> lakeHooks() {
        return hook.findAll(postRequestedFor(urlEqualTo("/hook"))).stream().map(r -> r.getBodyAsString())
                .filter(body -> body.contains("\"component\":\"lake\"") || body.contains(": lake\\n")).toList();
    }

    private CamelContext camel() {
        return app.bean(CamelContext.class);
    }

    /** Lake UP, no lake incident open and nothing waiting: what arrives from now on belongs to the incident provoked. */
    private void awaitQuietLake() {
        AlertEvaluator alerts = app.bean(AlertEvaluator.class);
        await().atMost(Duration.ofSeconds(90)).until(() -> app.get("/actuator/health/lake").statusCode() == 200
                && !alerts.openIncidents().containsKey("health:lake")
                && alerts.pending().stream().noneMatch(p -> p.alert().key().equals("health:lake")));
    }

    @Test
    void aStalledLakeIsAlertedOnceByEmailAndWebhookAndResolvedOnce() throws Exception {
        smtp.start();
        app = app("json");
        awaitQuietLake();
        int mailsBefore = lakeMails().size();
        int hooksBefore = lakeHooks().size();

        camel().getRouteController().stopRoute("lake-write");

        await().atMost(Duration.ofSeconds(60)).until(() -> lakeMails().size() > mailsBefore && lakeHooks().size() > hooksBefore);
        // nothing more while it stays open (the cooldown is an hour): three more evaluations
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                .until(() -> lakeMails().size() == mailsBefore + 1 && lakeHooks().size() == hooksBefore + 1);
        String mail = lakeMails().get(mailsBefore);
        assertThat(mail).startsWith("[Playlog] DOWN: lake").contains("partition(s) with lag and no progress",
                "health:lake", "/actuator/health");
        String call = lakeHooks().get(hooksBefore);
        assertThat(call).contains("\"incident_key\":\"health:lake\"", "\"status\":\"open\"", "\"component\":\"lake\"",
                "partition(s) with lag and no progress", "\"opened_at\":", "/actuator/health");
        assertThat(app.bean(AlertEvaluator.class).openIncidents()).containsKey("health:lake");

        camel().getRouteController().startRoute("lake-write");

        await().atMost(Duration.ofSeconds(60)).until(() -> lakeMails().size() == mailsBefore + 2 && lakeHooks().size() == hooksBefore + 2);
        assertThat(lakeMails().get(mailsBefore + 1)).startsWith("[Playlog] resolved: lake");
        assertThat(lakeHooks().get(hooksBefore + 1)).contains("\"status\":\"resolved\"", "\"incident_key\":\"health:lake\"");
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                .until(() -> lakeMails().size() == mailsBefore + 2 && lakeHooks().size() == hooksBefore + 2);

        MimeMessage first = smtp.getReceivedMessages()[0];
        assertThat(Arrays.stream(first.getAllRecipients()).map(Object::toString))
                .contains("ops@example.test", "oncall@example.test");
        assertThat(smtp.getReceivedMessagesForDomain("oncall@example.test")).isNotEmpty();
        assertNoSecrets();
    }

    @Test
    void anAlertWhileTheSmtpServerIsDownArrivesOnceWhenItComesUpAndARestartResolvesIt() throws Exception {
        app = app("slack", null); // and an SMTP server without login
        awaitQuietLake();
        int hooksBefore = lakeHooks().size();

        camel().getRouteController().stopRoute("lake-write");

        AlertEvaluator alerts = app.bean(AlertEvaluator.class);
        // the webhook got it, so the e-mail was tried (it goes first) and failed: it waits
        await().atMost(Duration.ofSeconds(60)).until(() -> lakeHooks().size() > hooksBefore);
        assertThat(lakeHooks().get(hooksBefore)).contains("[Playlog] DOWN: lake", "partition(s) with lag and no progress");
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.pending().stream()
                .anyMatch(p -> p.channel().equals(AlertEvaluator.EMAIL) && p.alert().key().equals("health:lake")));
        // the pipeline kept running: the producing and evaluating routes are started and the evaluations go on
        assertThat(camel().getRouteController().getRouteStatus("simulator-produce")).isEqualTo(ServiceStatus.Started);
        assertThat(camel().getRouteController().getRouteStatus("alerts-evaluate")).isEqualTo(ServiceStatus.Started);

        smtp.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> lakeMails().size() == 1);
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> lakeMails().size() == 1);
        assertThat(lakeMails().get(0)).startsWith("[Playlog] DOWN: lake").contains("partition(s) with lag and no progress");
        assertThat(alerts.pending()).noneMatch(p -> p.alert().key().equals("health:lake"));
        assertThat(lakeHooks()).hasSize(hooksBefore + 1);

        // a restart (lake-write starts again with the app) neither alerts the open incident again nor forgets it
        app.stop();
        app.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> lakeMails().size() == 2 && lakeHooks().size() == hooksBefore + 2);
        assertThat(lakeMails().get(1)).startsWith("[Playlog] resolved: lake");
        assertThat(lakeHooks().get(hooksBefore + 1)).contains("[Playlog] resolved: lake");
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> lakeMails().size() == 2 && lakeHooks().size() == hooksBefore + 2);
        assertNoSecrets();
    }

    @Test
    void aWrongSmtpPasswordIsRefusedSoTheLoginIsUsedAndTheAlertWaits() throws Exception {
        smtp.start();
        app = app("json", "not-the-password");
        awaitQuietLake();
        int hooksBefore = lakeHooks().size();

        camel().getRouteController().stopRoute("lake-write");

        AlertEvaluator alerts = app.bean(AlertEvaluator.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> lakeHooks().size() > hooksBefore);
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.pending().stream()
                .anyMatch(p -> p.channel().equals(AlertEvaluator.EMAIL) && p.alert().key().equals("health:lake")));
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> lakeMails().isEmpty());
    }

    private void assertNoSecrets() {
        List<String> everything = new ArrayList<>(lakeMails());
        for (MimeMessage message : smtp.getReceivedMessages()) {
            everything.add(GreenMailUtil.getWholeMessage(message));
        }
        hook.findAll(postRequestedFor(urlEqualTo("/hook"))).forEach(r -> everything.add(r.getBodyAsString()));
        assertThat(everything).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(SMTP_PASSWORD, S3_SECRET));
    }
}
