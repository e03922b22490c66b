package io.taskrunner.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.CommandTask;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.Envelope;
import io.taskrunner.protocol.message.RunState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A secret parameter's value reaches the task and nothing else: no log line, no event, no history record, and no
 * byte of the agent's files (the queued run holding it is encrypted in the store).
 */
class SecretParameterIT {
    private static final MessageCodec CODEC = new MessageCodec();
    private static final String QUEUED_SECRET = "T0ken-queued-plaintext";
    private static final String RUN_SECRET = "T0ken-run-plaintext";
    private static final TaskDefinition LOGIN = TaskDefinition.of("login", new CommandTask("ok", List.of()))
            .withParameters(List.of(ParameterSpec.of("value", ParameterType.STRING, false),
                    new ParameterSpec("token", ParameterType.STRING, null, true, null, null, null, null, null,
                            true)));

    @TempDir
    Path dir;
    private final ProbeExecutor probe = new ProbeExecutor();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private EngineHarness harness;

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        root.detachAppender(logs);
        probe.releaseAll();
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void secretParameter_appearsInNoLogLineEventHistoryOrFile() throws Exception {
        harness = EngineHarness.start(dir, new DefinitionSet(List.of(LOGIN), null, null), List.of(probe));
        RunRequest later = new RunRequest(UUID.randomUUID(), null, "login", null,
                Map.of("value", "later", "token", QUEUED_SECRET), 0, null, 3600, "test");
        assertThat(harness.engine.submit(later).accepted()).isTrue();
        RunRequest now = RunRequest.of("login", Map.of("value", "plain-value", "token", RUN_SECRET), "test");
        assertThat(harness.engine.submit(now).accepted()).isTrue();

        assertThat(harness.awaitFinished(now.runId()).state()).isEqualTo(RunState.SUCCEEDED);

        RunRecord record = harness.engine.history().get(now.runId()).orElseThrow();
        assertThat(record.parameters()).containsEntry("token", "***").containsEntry("value", "plain-value");
        List<String> events = harness.envelopes().stream().map(SecretParameterIT::json).toList();
        assertThat(events).isNotEmpty().noneMatch(event -> event.contains(RUN_SECRET) || event.contains(QUEUED_SECRET));
        assertThat(logs.list).isNotEmpty().extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains(RUN_SECRET) || line.contains(QUEUED_SECRET));
        harness.close();
        harness = null;
        assertThat(filesContaining(RUN_SECRET)).isEmpty();
        assertThat(filesContaining(QUEUED_SECRET)).isEmpty();
        assertThat(filesContaining("plain-value")).as("the check can find a value that is not secret").isNotEmpty();
    }

    @Test
    void queuedRunWithASecret_survivesARestart_encrypted() {
        harness = EngineHarness.start(dir, new DefinitionSet(List.of(LOGIN), null, null), List.of(probe));
        RunRequest later = new RunRequest(UUID.randomUUID(), null, "login", null,
                Map.of("token", QUEUED_SECRET), 0, null, 3600, "test");
        harness.engine.submit(later);
        harness.close();

        harness = EngineHarness.start(dir, new DefinitionSet(List.of(LOGIN), null, null), List.of(probe));

        assertThat(harness.store.runQueue().all()).hasSize(1).allSatisfy((id, record) ->
                assertThat(new String(record, StandardCharsets.UTF_8)).contains(QUEUED_SECRET));
        assertThat(harness.engine.progress(later.runId())).isPresent();
    }

    private static String json(Envelope<?> envelope) {
        return new String(CODEC.encode(envelope), StandardCharsets.UTF_8);
    }

    private List<Path> filesContaining(String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(file -> contains(file, needle)).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
