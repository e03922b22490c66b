package io.taskrunner.agent.task.javascript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.task.TaskContext;
import io.taskrunner.agent.task.javascript.JsInstrumenter.Hooks;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.script.Bindings;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptException;
import javax.script.SimpleScriptContext;
import org.openjdk.nashorn.api.scripting.NashornException;
import org.openjdk.nashorn.api.scripting.NashornScriptEngine;
import org.openjdk.nashorn.api.scripting.ScriptObjectMirror;

/**
 * One script run in a fresh global of the shared engine: the sandbox script takes away what reaches outside, the
 * host API and the hooks are defined, the instrumented script runs, and {@code result} is read as JSON. Runs on the
 * script thread.
 */
final class JsSandbox {

    /** The script's name in stack frames; errors are reported at its lines. */
    static final String SCRIPT_NAME = "task-script.js";
    private static final String SANDBOX_NAME = "taskrunner-sandbox.js";
    private static final String SANDBOX_SOURCE = loadSandboxSource();
    private static final String READ_RESULT = "typeof result === 'undefined' ? undefined : result";
    /** Nashorn's compile errors start with {@code name:line:column}. */
    private static final Pattern COMPILE_ERROR = Pattern.compile(Pattern.quote(SCRIPT_NAME) + ":(\\d+):\\d+ (.*)",
            Pattern.DOTALL);

    private final NashornScriptEngine engine;
    private final ObjectMapper json;
    private final HttpClient http;

    JsSandbox(NashornScriptEngine engine, ObjectMapper json, HttpClient http) {
        this.engine = engine;
        this.json = json;
        this.http = http;
    }

    /** Runs the instrumented script; every failure, the script's or the engine's, becomes a failed result. */
    JsResult run(TaskContext context, String source, Hooks hooks, JsGuard guard) {
        try {
            ScriptContext scope = newScope();
            scope.setAttribute(ScriptEngine.FILENAME, SANDBOX_NAME, ScriptContext.ENGINE_SCOPE);
            JsBridge bridge = new JsBridge((ScriptObjectMirror) engine.eval(SANDBOX_SOURCE, scope), json, guard);
            install(bridge, context, hooks);
            scope.setAttribute(ScriptEngine.FILENAME, SCRIPT_NAME, ScriptContext.ENGINE_SCOPE);
            guard.startCpuClock();
            engine.eval(source, scope);
            Object result = engine.eval(READ_RESULT, scope);
            return JsResult.succeeded(readResult(bridge, result));
        } catch (ScriptException e) {
            return JsResult.failed(describe(e.getCause() != null ? e.getCause() : e, e.getLineNumber()));
        } catch (NashornException e) {
            return JsResult.failed(describe(e, e.getLineNumber()));
        } catch (StackOverflowError e) {
            return JsResult.failed("script error: too much recursion (stack overflow)");
        } catch (OutOfMemoryError e) {
            return JsResult.failed("script error: out of memory");
        } catch (RuntimeException e) {
            Matcher compileError = COMPILE_ERROR.matcher(String.valueOf(e.getMessage()));
            if (compileError.lookingAt()) {
                return JsResult.failed(scriptError(Long.parseLong(compileError.group(1)),
                        JsSyntaxException.stripLocation(compileError.group(2))));
            }
            throw e;
        }
    }

    static String scriptError(long line, String message) {
        return "script error at line " + line + ": " + message;
    }

    private ScriptContext newScope() {
        ScriptContext scope = new SimpleScriptContext();
        Bindings global = engine.createBindings();
        scope.setBindings(global, ScriptContext.ENGINE_SCOPE);
        scope.setReader(Reader.nullReader());
        scope.setWriter(Writer.nullWriter());
        scope.setErrorWriter(Writer.nullWriter());
        return scope;
    }

    private void install(JsBridge bridge, TaskContext context, Hooks hooks) {
        bridge.define(hooks.tick(), new JsFunction("tick", bridge, arguments -> null), true);
        bridge.define(hooks.caught(), new JsFunction("caught", bridge,
                arguments -> bridge.caught(arguments.length > 0 ? arguments[0] : null)), true);
        bridge.define(hooks.thrown(), bridge.throwHook(), true);
        JsNamespace log = JsLogApi.create(bridge, context.output());
        bridge.define("log", log, false);
        bridge.define("print", log.getMember("info"), false);
        bridge.define("params", bridge.toJs(json.valueToTree(context.parameters().asMap())), false);
        bridge.define("http", JsHttpApi.create(bridge, http), false);
        bridge.define("sql", JsSqlApi.create(bridge, context.services().datasources()), false);
        bridge.define("files", JsFilesApi.create(bridge, new JsWorkFolder(context.workDir())), false);
        bridge.define("mqtt", JsMqttApi.create(bridge, context.services().mqtt()), false);
        bridge.define("progress", JsProgressApi.create(bridge, context.progress()), false);
        bridge.define("sleep", new JsFunction("sleep", bridge, arguments -> {
            bridge.guard().sleep(JsArgs.millis(bridge.fromJs(JsArgs.at(arguments, 0)), "sleep: ms"));
            return null;
        }), false);
    }

    private static JsonNode readResult(JsBridge bridge, Object result) {
        JsonNode value = bridge.stringified(result);
        return value == null || value.isNull() ? null : value;
    }

    /** "script error at line N: message", N the script's own line even when the host raised the error. */
    private static String describe(Throwable error, int reportedLine) {
        long line = reportedLine;
        for (StackTraceElement frame : NashornException.getScriptFrames(error)) {
            if (SCRIPT_NAME.equals(frame.getFileName()) && frame.getLineNumber() > 0) {
                line = frame.getLineNumber();
                break;
            }
        }
        String message = JsSyntaxException.stripLocation(error.getMessage());
        return line > 0 ? scriptError(line, message) : "script error: " + message;
    }

    private static String loadSandboxSource() {
        try (InputStream in = JsSandbox.class.getResourceAsStream("sandbox.js")) {
            if (in == null) {
                throw new IllegalStateException("sandbox.js is missing beside " + JsSandbox.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How the script ended, before the run's limits are looked at.
     *
     * @param value the script's {@code result} as JSON, or null
     * @param error why it failed, or null when it did not
     */
    record JsResult(JsonNode value, String error) {
        static JsResult succeeded(JsonNode value) {
            return new JsResult(value, null);
        }

        static JsResult failed(String error) {
            return new JsResult(null, error);
        }
    }
}
