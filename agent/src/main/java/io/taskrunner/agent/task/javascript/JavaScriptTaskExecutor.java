package io.taskrunner.agent.task.javascript;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskExecutor;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.javascript.JsInstrumenter.Hooks;
import io.taskrunner.agent.task.javascript.JsSandbox.JsResult;
import io.taskrunner.protocol.definition.JavaScriptTask;
import io.taskrunner.protocol.definition.TaskType;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.nashorn.api.scripting.NashornScriptEngine;
import org.openjdk.nashorn.api.scripting.NashornScriptEngineFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code javascript} tasks in a Nashorn sandbox: no Java access, only the host API ({@code params},
 * {@code result}, {@code log}, {@code http}, {@code sql}, {@code files}, {@code mqtt}, {@code sleep}).
 *
 * <p>Each run gets a fresh global and its own named daemon platform thread (thread CPU time cannot be measured on
 * virtual threads); the calling thread waits for it. The script is instrumented ({@link JsInstrumenter}) so that
 * cancel, the timeout and the CPU limit stop it even in a busy loop. Thread-safe: one executor serves any number
 * of concurrent runs.
 */
public final class JavaScriptTaskExecutor implements TaskExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(JavaScriptTaskExecutor.class);
    private static final String[] ENGINE_OPTIONS = {"--language=es6", "--no-java", "--no-syntax-extensions"};
    /** Nashorn needs deep stacks; a script recursing past this gets a RangeError, not a crashed agent. */
    private static final long STACK_BYTES = 16L * 1024 * 1024;
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(100);
    /** How long a stopped script may take to notice before the run ends without it. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private volatile NashornScriptEngine engine;

    /** With an HTTP client of its own for {@code http.*} calls (10 s connect timeout, normal redirects). */
    public JavaScriptTaskExecutor() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    /** @param http the client for the scripts' {@code http.*} calls */
    public JavaScriptTaskExecutor(HttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public Set<TaskType> types() {
        return Set.of(TaskType.JAVASCRIPT);
    }

    @Override
    public TaskOutcome execute(TaskContext context) {
        JavaScriptTask spec = context.spec(JavaScriptTask.class);
        JsGuard guard = new JsGuard(context.timeout(), spec.cpuSeconds());
        if (context.cancel().isCancelled()) {
            return TaskOutcome.cancelled();
        }
        Hooks hooks = newHooks();
        String source;
        try {
            source = JsInstrumenter.instrument(spec.script(), JsSandbox.SCRIPT_NAME, hooks);
        } catch (JsSyntaxException e) {
            return TaskOutcome.failed(JsSandbox.scriptError(e.line(), e.getMessage()));
        }
        JsSandbox sandbox = new JsSandbox(engine(), json, http);
        CompletableFuture<JsResult> done = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform()
                .name("js-task-" + context.task().name() + "-" + context.runId())
                .daemon(true)
                .stackSize(STACK_BYTES)
                .unstarted(() -> done.complete(runSafely(sandbox, context, source, hooks, guard)));
        context.cancel().onCancel(() -> guard.stop(JsGuard.Stop.CANCELLED));
        context.started(0);
        thread.start();
        return outcome(await(thread, done, guard), guard, context);
    }

    private static JsResult runSafely(JsSandbox sandbox, TaskContext context, String source, Hooks hooks,
            JsGuard guard) {
        try {
            return sandbox.run(context, source, hooks, guard);
        } catch (TaskException e) {
            return JsResult.failed(e.getMessage());
        } catch (Throwable e) {
            // The script thread's top: whatever broke, the run gets an outcome and the agent goes on.
            LOG.error("The script engine failed in run {} of task '{}'", context.runId(), context.task().name(), e);
            return JsResult.failed("the script engine failed: " + e);
        }
    }

    private static JsResult await(Thread thread, CompletableFuture<JsResult> done, JsGuard guard) {
        while (true) {
            try {
                return done.get(WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                guard.watch(thread);
                if (guard.sinceStopped().compareTo(STOP_GRACE) > 0) {
                    LOG.warn("Script thread {} has not stopped {} s after it was told to ({}); leaving it behind",
                            thread.getName(), STOP_GRACE.toSeconds(), guard.reason());
                    return JsResult.failed("the script did not stop");
                }
            } catch (InterruptedException e) {
                guard.stop(JsGuard.Stop.CANCELLED);
                Thread.currentThread().interrupt();
                return JsResult.failed("interrupted");
            } catch (ExecutionException e) {
                return JsResult.failed("the script engine failed: " + e.getCause());
            }
        }
    }

    private static TaskOutcome outcome(JsResult result, JsGuard guard, TaskContext context) {
        JsGuard.Stop reason = guard.reason();
        if (reason != null) {
            return switch (reason) {
                case CANCELLED -> TaskOutcome.cancelled();
                case TIMED_OUT -> TaskOutcome.timedOut(context.timeout());
                case CPU_LIMIT -> TaskOutcome.failed(guard.cpuLimitMessage());
            };
        }
        return result.error() != null ? TaskOutcome.failed(result.error()) : TaskOutcome.succeeded(result.value());
    }

    /** One engine for all runs; each run gets its own global in it, so runs share no script state. */
    private NashornScriptEngine engine() {
        NashornScriptEngine current = engine;
        if (current == null) {
            synchronized (this) {
                current = engine;
                if (current == null) {
                    current = (NashornScriptEngine) new NashornScriptEngineFactory().getScriptEngine(ENGINE_OPTIONS,
                            JavaScriptTaskExecutor.class.getClassLoader(), className -> false);
                    engine = current;
                }
            }
        }
        return current;
    }

    private static Hooks newHooks() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        String suffix = HexFormat.of().formatHex(random);
        return new Hooks("__tick_" + suffix, "__caught_" + suffix, "__thrown_" + suffix);
    }
}
