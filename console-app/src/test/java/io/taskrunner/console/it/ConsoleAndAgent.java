package io.taskrunner.console.it;

import static org.awaitility.Awaitility.await;

import io.taskrunner.console.core.ConsoleCore;
import io.taskrunner.console.core.ConsoleOptions;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.runs.RunOutputChunk;
import io.taskrunner.console.service.runs.RunSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * End-to-end fixture: console core with its embedded broker (mutual TLS) and one agent process, enrolled and
 * started from the built jar, optionally with a local {@code definitions.json}.
 */
final class ConsoleAndAgent implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String AGENT_ID = "agent-1";

    private final ConsoleCore console;
    private final Path agentDir;
    private AgentProcess agent;

    private ConsoleAndAgent(ConsoleCore console, Path agentDir) {
        this.console = console;
        this.agentDir = agentDir;
    }

    /** Starts both and waits until the agent is online; {@code definitionsJson} may be null. */
    static ConsoleAndAgent start(Path dir, String definitionsJson) throws Exception {
        return start(dir, definitionsJson, UnaryOperator.identity());
    }

    /** The same with the console's options changed by {@code options} (e.g. the Fleet API turned on). */
    static ConsoleAndAgent start(Path dir, String definitionsJson, UnaryOperator<ConsoleOptions> options)
            throws Exception {
        ConsoleCore console = ConsoleCore.start(options.apply(ConsoleOptions.embedded(dir.resolve("console"),
                "127.0.0.1", FreePorts.next())), Clock.systemUTC());
        ConsoleAndAgent fixture = new ConsoleAndAgent(console, dir.resolve("agent"));
        try {
            Path bundle = dir.resolve("bundle.json");
            console.enrolment().enrolToFile(AGENT_ID, bundle);
            AgentProcess.enroll(bundle, fixture.agentDir);
            if (definitionsJson != null) {
                Files.writeString(fixture.agentDir.resolve("definitions.json"), definitionsJson);
            }
            fixture.startAgent();
            fixture.awaitOnline();
            return fixture;
        } catch (Exception | Error e) {
            fixture.close();
            throw e;
        }
    }

    ConsoleCore console() {
        return console;
    }

    Path agentDir() {
        return agentDir;
    }

    AgentProcess agent() {
        return agent;
    }

    void startAgent() throws Exception {
        agent = new AgentProcess(agentDir).start();
    }

    void awaitOnline() {
        await("agent online").atMost(WAIT).until(() -> console.fleet().agent(AGENT_ID)
                .map(AgentSnapshot::online).orElse(false));
    }

    void awaitOffline() {
        await("agent offline").atMost(WAIT).until(() -> !console.fleet().agent(AGENT_ID).orElseThrow().online());
    }

    RunSnapshot awaitFinished(UUID runId) {
        try {
            await("run " + runId + " finished").atMost(WAIT).until(() -> console.runs().run(runId)
                    .map(run -> run.state().isFinal()).orElse(false));
        } catch (ConditionTimeoutException e) {
            // what the agent did is the first thing anyone looking at this failure needs
            throw new AssertionError(e.getMessage() + "; the console has " + console.runs().run(runId)
                    + "; the agent's log ends with:\n" + tail(agentLog(), 80), e);
        }
        return console.runs().run(runId).orElseThrow();
    }

    /** Waits until the agent's log holds {@code text} at least {@code times} times. */
    void awaitAgentLog(String text, int times) {
        await("agent log with " + times + " x '" + text + "'").atMost(WAIT).until(() -> {
            String log = agentLog();
            int found = 0;
            for (int at = log.indexOf(text); at >= 0; at = log.indexOf(text, at + text.length())) {
                found++;
            }
            return found >= times;
        });
    }

    String agentLog() {
        try {
            return agent == null ? "" : agent.log();
        } catch (java.io.IOException e) {
            return "(cannot read the agent's log: " + e + ")";
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    String outputOf(UUID runId) {
        return console.runs().output(runId).stream().map(RunOutputChunk::text).collect(Collectors.joining());
    }

    @Override
    public void close() throws Exception {
        try {
            if (agent != null) {
                agent.stop();
            }
        } finally {
            console.close();
        }
    }
}
