package io.taskrunner.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.agent.scheduler.ScheduleStatus;
import io.taskrunner.agent.watchdog.RuleHealth;
import io.taskrunner.agent.watchdog.RuleStatus;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.ScheduleOutcome;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The status page at / in a real headless Chromium (Debian's {@code chromium}), in all three languages. */
class StatusPageIT {
    private static final TaskDefinition BACKUP = new TaskDefinition("nightly-backup",
            "Copies the line PLC's recipes <script>alert(1)</script>", null, 0, null, null, null, null, 0, null,
            new CommandTask("true", List.of()));

    @TempDir
    Path dir;
    private ApiHarness agent;

    @BeforeEach
    void start() {
        agent = ApiHarness.start(dir, new DefinitionSet(List.of(BACKUP), null, null));
        String token = agent.token("ops", "*");
        assertThat(agent.postJson("/api/v1/tasks/nightly-backup/runs?wait=30", token, "{}").statusCode())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        agent.close();
    }

    @Test
    void page_inChromium_showsTasksRunsChannelsAndWatchdog_inTheLanguageAsked() throws Exception {
        agent.watchdog.add(new RuleStatus("keep-hmi", RuleHealth.GIVEN_UP, 6, 5, null, UUID.randomUUID(),
                "exit code 1"));
        agent.watchdog.add(new RuleStatus("scale-port", RuleHealth.HEALTHY, 0, 0, null, null, null));
        agent.schedules.add(new ScheduleStatus("nightly-export", "nightly-backup", true,
                List.of(Instant.parse("2026-11-23T02:30:00Z")), Instant.parse("2026-11-22T02:30:00Z"),
                Instant.parse("2026-11-22T02:30:00.004Z"), ScheduleOutcome.SKIPPED_OVERLAP, 0));
        String english = chromium("--dump-dom", agent.uri("/?lang=en").toString());
        String simplified = chromium("--dump-dom", agent.uri("/?lang=zh-CN").toString());
        String traditional = chromium("--dump-dom", agent.uri("/?lang=zh-TW").toString());

        assertThat(english).contains("<html lang=\"en\">").contains("TaskRunner agent agent-test")
                .contains("nightly-backup").contains("Recent runs").contains("Succeeded").contains("Channels")
                .contains("<td>default</td>").contains("Watchdog").contains("keep-hmi").contains("Given up")
                .contains("exit code 1").contains("scale-port").contains("Healthy").contains("Schedules")
                .contains("nightly-export").contains("2026-11-23 02:30:00").contains("Skipped (still running)");
        assertThat(simplified).contains("<html lang=\"zh-CN\">").contains("最近的运行").contains("成功")
                .contains("通道").contains("nightly-backup").contains("看门狗").contains("已放弃").contains("计划").contains("已跳过");
        assertThat(traditional).contains("<html lang=\"zh-TW\">").contains("最近的執行").contains("工作")
                .contains("nightly-backup").contains("看門狗").contains("已放棄").contains("排程").contains("已略過");
        assertThat(english).as("a description is text, never markup")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
    }

    @Test
    void page_inChromium_takesTheBrowsersLanguage_andRendersAScreenshot() throws Exception {
        Path screenshot = dir.resolve("page.png");

        String dom = chromium("--accept-lang=zh-TW,en;q=0.5", "--dump-dom", agent.uri("/").toString());
        chromium("--window-size=1200,900", "--screenshot=" + screenshot, agent.uri("/?lang=zh-CN").toString());

        assertThat(dom).contains("<html lang=\"zh-TW\">");
        // kept beside the build output for a human look at the page
        Files.copy(screenshot, Path.of("target", "status-page-zh-CN.png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png.length).isGreaterThan(5_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void page_carriesAPolicyThatAllowsNoScript_andChoosesTheLanguageByAcceptLanguage() {
        HttpResponse<String> page = agent.send(agent.request("/", null)
                .header("Accept-Language", "fr-FR, zh-Hant;q=0.8, zh-CN;q=0.9").GET().build());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).contains("default-src 'none'"));
        assertThat(page.body()).contains("<html lang=\"zh-CN\">");
        assertThat(agent.get("/nothing", null).statusCode()).isEqualTo(404);
    }

    private String chromium(String... arguments) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin/chromium");
        assertThat(Files.isExecutable(binary)).as("Debian's chromium must be installed (apt-get install chromium),"
                + " as CI does").isTrue();
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir="
                        + dir.resolve("chromium-profile")));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("chromium.log").toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
