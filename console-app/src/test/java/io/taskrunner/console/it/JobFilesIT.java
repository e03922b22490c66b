package io.taskrunner.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.service.desired.Target;
import io.taskrunner.console.service.files.StoredJobFile;
import io.taskrunner.console.service.jobs.JobExecution;
import io.taskrunner.console.service.jobs.JobSnapshot;
import io.taskrunner.console.service.jobs.JobSpec;
import io.taskrunner.console.service.pki.KeyStores;
import io.taskrunner.console.service.runs.RunSnapshot;
import io.taskrunner.protocol.definition.ShellTask;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job files end to end: the console stores a file and serves it on its HTTPS port to agents with a client
 * certificate of its CA; a real agent process fetches it before the run, checks its SHA-256 against the signed
 * command, and hands it to the task in {@code TASKRUNNER_FILE}, or refuses the run when the bytes are not those.
 */
class JobFilesIT {
    private static final String RECIPE = "batch;weight\nB-17;12.5\n";
    /** Prints the file's name and content, and leaves a mark that it ran. */
    private static final TaskDefinition SHOW = TaskDefinition.of("show-file", new ShellTask("""
            touch ran.mark
            basename "$TASKRUNNER_FILE"
            cat "$TASKRUNNER_FILE"
            """, null));

    @TempDir
    Path dir;

    private ConsoleAndAgent fixture;
    private ConsoleCore console;

    @BeforeEach
    void start() throws Exception {
        fixture = ConsoleAndAgent.start(dir, null, options -> options.withApi("127.0.0.1", FreePorts.next()));
        console = fixture.console();
    }

    @AfterEach
    void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void aJobWithAFile_givesTheTaskTheFileWithItsContent_inTaskrunnerFile() {
        StoredJobFile recipe = console.jobFiles().store("recipe.csv", new ByteArrayInputStream(
                RECIPE.getBytes(StandardCharsets.UTF_8)));

        RunSnapshot run = runJob(recipe);

        assertThat(run.state()).as("%s", run).isEqualTo(RunState.SUCCEEDED);
        assertThat(fixture.outputOf(run.runId())).isEqualTo("recipe.csv\n" + RECIPE);
        assertThat(fixture.agentDir().resolve("work").resolve("show-file").resolve("recipe.csv")).hasContent(RECIPE);
        assertThat(fixture.agentDir().resolve("job-files").resolve(recipe.sha256())).as("cached by hash")
                .hasContent(RECIPE);
    }

    @Test
    void fileWithWrongHash_isRejected_andTheTaskDoesNotRun() throws Exception {
        StoredJobFile recipe = console.jobFiles().store("recipe.csv", new ByteArrayInputStream(
                RECIPE.getBytes(StandardCharsets.UTF_8)));
        String tampered = "batch;weight\nB-17;99.9\n";
        Files.writeString(console.paths().jobFilesDir().resolve(recipe.sha256()), tampered);

        RunSnapshot run = runJob(recipe);

        assertThat(run.state()).isEqualTo(RunState.REJECTED);
        assertThat(run.error()).isEqualTo("file recipe.csv: SHA-256 mismatch (expected " + recipe.sha256()
                + ", got " + sha256(tampered) + ")");
        assertThat(fixture.outputOf(run.runId())).isEmpty();
        Path work = fixture.agentDir().resolve("work").resolve("show-file");
        assertThat(work.resolve("ran.mark")).as("the task never ran").doesNotExist();
        assertThat(work.resolve("recipe.csv")).as("the task never sees the bad bytes").doesNotExist();
        assertThat(fixture.agentDir().resolve("job-files").resolve(recipe.sha256())).doesNotExist();
    }

    @Test
    void theFileEndpoint_refusesACallerWithoutAClientCertificate() throws Exception {
        StoredJobFile recipe = console.jobFiles().store("recipe.csv", new ByteArrayInputStream(
                RECIPE.getBytes(StandardCharsets.UTF_8)));
        TrustManagerFactory trust = KeyStores.trustManagerFactory(console.certificateAuthority().certificate());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).build();

        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                + console.apiPort().orElseThrow() + "/files/" + recipe.sha256())).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).doesNotContain("B-17");
    }

    private RunSnapshot runJob(StoredJobFile file) {
        JobSnapshot job = console.jobs().create(JobSpec.of("show-file", SHOW, Map.of(),
                List.of(Target.agent(ConsoleAndAgent.AGENT_ID))).withFile(file.id()));
        await("execution ended").atMost(ConsoleAndAgent.WAIT).until(() -> onlyExecution(job).state().isFinal());
        UUID runId = onlyExecution(job).runId();
        return fixture.awaitFinished(runId);
    }

    private JobExecution onlyExecution(JobSnapshot job) {
        List<JobExecution> executions = console.jobs().executions(job.jobId());
        assertThat(executions).hasSize(1);
        return executions.getFirst();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                text.getBytes(StandardCharsets.UTF_8)));
    }
}
