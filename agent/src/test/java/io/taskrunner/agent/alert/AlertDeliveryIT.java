package io.taskrunner.agent.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.taskrunner.agent.MutableClock;
import io.taskrunner.agent.config.SmtpSettings;
import io.taskrunner.agent.datasource.SecretResolver;
import io.taskrunner.protocol.definition.TimeWindow;
import io.taskrunner.protocol.definition.watchdog.AlertTargets;
import io.taskrunner.protocol.message.AlertRaised;
import io.taskrunner.protocol.message.AlertSeverity;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts reach a real HTTP server and a real SMTP server on loopback, retried and held for quiet hours. */
class AlertDeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpServer http;
    private GreenMail mail;
    private final List<JsonNode> posts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private AlertDelivery delivery;

    @BeforeEach
    void startServers() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
            if (status == 204) {
                posts.add(MAPPER.readTree(body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        http.start();
        mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        SmtpSettings smtp = new SmtpSettings("127.0.0.1", mail.getSmtp().getPort(), "none", null, null,
                "agent@factory.example", 5);
        delivery = new AlertDelivery("press-pc-7", List.of(
                new WebhookSender(HttpClient.newHttpClient(), MAPPER),
                new MailSender(smtp, new SecretResolver(dir.resolve("secrets.json"), Map.of()))),
                true, clock, Duration.ofMillis(50));
    }

    @AfterEach
    void stopServers() {
        delivery.close();
        http.stop(0);
        mail.stop();
    }

    @Test
    void notify_postsJsonToTheWebhook_andRetriesWhileItFails() {
        failuresLeft.set(2);
        AlertRaised alert = alert(false);

        delivery.notify(alert, new AlertTargets(hook(), null, null, null, null));

        await().atMost(WAIT).until(() -> posts.size() == 1);
        JsonNode post = posts.getFirst();
        assertThat(post.path("agentId").asText()).isEqualTo("press-pc-7");
        assertThat(post.path("incidentId").asText()).isEqualTo(alert.incidentId().toString());
        assertThat(post.path("rule").asText()).isEqualTo("keep-hmi-alive");
        assertThat(post.path("severity").asText()).isEqualTo("critical");
        assertThat(post.path("recovered").asBoolean()).isFalse();
        assertThat(post.path("raisedAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(failuresLeft.get()).isLessThan(0);
    }

    @Test
    void notify_mailsEveryAddress_inTheRulesLanguage() throws Exception {
        delivery.notify(alert(false), new AlertTargets(null, List.of("shift@factory.example", "it@factory.example"),
                "zh-CN", null, "Asia/Shanghai"));

        await().atMost(WAIT).until(() -> mail.getReceivedMessages().length == 2);
        MimeMessage received = mail.getReceivedMessages()[0];
        assertThat(received.getSubject()).contains("press-pc-7", "keep-hmi-alive", "HMI 程序已停止");
        assertThat(received.getFrom()[0].toString()).isEqualTo("agent@factory.example");
        String body = ((String) received.getContent());
        assertThat(body).contains("严重", "2026-11-23 18:00:00");
    }

    @Test
    void quietHours_holdTheAlert_untilTheyEnd() {
        AlertTargets targets = new AlertTargets(hook(), null, null,
                List.of(new TimeWindow(null, "09:00", "11:00")), "UTC");

        delivery.notify(alert(false), targets);

        assertThat(delivery.heldCount()).isEqualTo(1);
        delivery.releaseDue();
        assertThat(delivery.heldCount()).isEqualTo(1);
        clock.set(Instant.parse("2026-11-23T11:00:00Z"));
        delivery.releaseDue();
        await().atMost(WAIT).until(() -> posts.size() == 1);
        assertThat(delivery.heldCount()).isZero();
    }

    @Test
    void quietHours_swallowAnIncident_thatRecoversBeforeTheyEnd() {
        AlertTargets targets = new AlertTargets(hook(), null, null,
                List.of(new TimeWindow(null, "22:00", "11:00")), "UTC");
        AlertRaised raised = alert(false);

        delivery.notify(raised, targets);
        clock.set(Instant.parse("2026-11-23T10:30:00Z"));
        delivery.notify(new AlertRaised(raised.incidentId(), raised.rule(), raised.severity(), "HMI 程序已恢复运行",
                true), targets);
        clock.set(Instant.parse("2026-11-23T11:00:00Z"));
        delivery.releaseDue();
        delivery.notify(alert(false), targets);

        await().atMost(WAIT).until(() -> posts.size() == 1);
        assertThat(posts.getFirst().path("incidentId").asText()).isNotEqualTo(raised.incidentId().toString());
        assertThat(delivery.heldCount()).isZero();
    }

    @Test
    void notify_outsideQuietHours_sendsAtOnce() {
        AlertTargets targets = new AlertTargets(hook(), null, null,
                List.of(new TimeWindow(null, "22:00", "06:00")), "UTC");

        delivery.notify(alert(false), targets);

        assertThat(delivery.heldCount()).isZero();
        await().atMost(WAIT).until(() -> posts.size() == 1);
    }

    private String hook() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
    }

    private static AlertRaised alert(boolean recovered) {
        return new AlertRaised(UUID.randomUUID(), "keep-hmi-alive", AlertSeverity.CRITICAL, "HMI 程序已停止\n退出码 137",
                recovered);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
