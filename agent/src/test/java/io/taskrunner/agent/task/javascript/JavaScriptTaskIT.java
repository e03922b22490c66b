package io.taskrunner.agent.task.javascript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.task.TaskOutcome;
import io.taskrunner.agent.task.TestRun;
import io.taskrunner.protocol.definition.JavaScriptTask;
import io.taskrunner.protocol.definition.ParameterSpec;
import io.taskrunner.protocol.definition.ParameterType;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.RunState;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real scripts in the real engine: the language side, limits and escape attempts. */
class JavaScriptTaskIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JavaScriptTaskExecutor executor = new JavaScriptTaskExecutor(HttpClient.newHttpClient());
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stopRunner() {
        runner.shutdownNow();
    }

    private TestRun script(String source) {
        return script(source, 0);
    }

    private TestRun script(String source, int cpuSeconds) {
        return TestRun.of(TaskDefinition.of("js-test", new JavaScriptTask(source, cpuSeconds)))
                .workDir(dir).timeout(Duration.ofSeconds(30));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void execute_whenScriptSetsResult_returnsItAsJson() throws Exception {
        TaskDefinition task = TaskDefinition.of("js-test", new JavaScriptTask("""
                result = {
                    greeting: 'hello ' + params.name,
                    doubled: params.count * 2,
                    ratio: params.ratio,
                    flag: !params.flag,
                    list: [1, 'two', {three: null}],
                    nested: {deep: {sum: [1, 2, 3].reduce((a, b) => a + b, 0)}}
                };
                """, 0)).withParameters(List.of(
                ParameterSpec.of("name", ParameterType.STRING, true),
                ParameterSpec.of("count", ParameterType.INT, true),
                ParameterSpec.of("ratio", ParameterType.NUMBER, true),
                ParameterSpec.of("flag", ParameterType.BOOL, true)));
        TestRun run = TestRun.of(task).workDir(dir).param("name", "world").param("count", 21).param("ratio", 0.5)
                .param("flag", true);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result()).isEqualTo(json("""
                {"greeting": "hello world", "doubled": 42, "ratio": 0.5, "flag": false,
                 "list": [1, "two", {"three": null}], "nested": {"deep": {"sum": 6}}}
                """));
        assertThat(run.pids()).containsExactly(0L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"result = 42;", "result = 'text';", "result = [1, [2]];", "let result = 1.5;",
        "result = true;"})
    void execute_whenResultIsAPrimitiveOrArray_returnsItToo(String source) throws Exception {
        TaskOutcome outcome = script(source).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        String expected = source.substring(source.indexOf('=') + 1, source.length() - 1).trim().replace('\'', '"');
        assertThat(outcome.result()).isEqualTo(json(expected));
    }

    @Test
    void execute_whenScriptSetsNoResult_succeedsWithoutOne() {
        TaskOutcome outcome = script("var x = 1;").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(outcome.result()).isNull();
    }

    @Test
    void execute_whenScriptLogs_writesLinesToTheOutput() {
        TestRun run = script("""
                log('plain', 1, {b: 2});
                log.info('info');
                log.warn('careful');
                log.error('broken');
                print('printed');
                """);

        TaskOutcome outcome = run.runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.stdout()).isEqualTo("plain 1 {\"b\":2}\ninfo\nprinted\n");
        assertThat(run.stderr()).isEqualTo("careful\nbroken\n");
    }

    @Test
    void execute_whenScriptHasASyntaxError_failsNamingTheLine() {
        TaskOutcome outcome = script("var a = 1;\nvar b = 2;\nvar c = ;\n").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).startsWith("script error at line 3: ");
    }

    @Test
    void execute_whenTheEngineRefusesWhatTheParserAccepted_failsNamingTheLine() {
        TaskOutcome outcome = script("var x;\nlet a = 1;\nlet a = 2;\n").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        // Nashorn names the first declaration.
        assertThat(outcome.error()).isEqualTo("script error at line 2: Variable \"a\" has already been declared");
    }

    @Test
    void execute_whenScriptThrows_failsWithTheMessageAndLine() {
        TaskOutcome outcome = script("var a = 1;\n\nif (a) {\n    throw new Error('boom');\n}\n").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).isEqualTo("script error at line 4: Error: boom");
    }

    @Test
    void execute_whenAHostCallFailsInsideAFunction_namesTheScriptLine() {
        TaskOutcome outcome = script("""
                function readSecret() {
                    return files.read('../secret.txt');
                }
                for (let i = 0; i < 1; i++) {
                    readSecret();
                }
                """).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).isEqualTo("script error at line 2: Error: files: path '../secret.txt' is "
                + "outside the task's work folder");
    }

    @Test
    void execute_whenScriptUsesEs6_runsIt() throws Exception {
        TaskOutcome outcome = script("""
                const items = [1, 2, 3];
                let total = 0;
                for (const item of items) { total += item; }
                for (let i = 0; i < items.length; i++) total += i;
                const text = `sum ${total}`;
                const square = x => x * x;
                const readers = [];
                for (let i = 0; i < 3; i++) readers.push(() => i);
                result = {text: text, squares: items.map(square), keys: Object.keys({a: 1, b: 2}),
                          perIteration: readers.map(read => read())};
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("""
                {"text": "sum 9", "squares": [1, 4, 9], "keys": ["a", "b"], "perIteration": [0, 1, 2]}"""));
    }

    @Test
    void execute_whenScriptLoopsForever_timesOut() {
        long start = System.nanoTime();

        TaskOutcome outcome = script("while (true) {}").timeout(Duration.ofSeconds(1)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void execute_whenScriptCatchesTheStopInALoop_stillStops() {
        long start = System.nanoTime();

        TaskOutcome outcome = script("while (true) { try { while (true) {} } catch (e) {} }")
                .timeout(Duration.ofSeconds(1)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void execute_whenScriptSwallowsTheStopInFinally_stillStops() {
        TaskOutcome outcome = script("""
                for (;;) {
                    try { for (;;) ; } finally { continue; }
                }
                """).timeout(Duration.ofSeconds(1)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.TIMED_OUT);
    }

    @Test
    void execute_whenScriptRecursesWithoutLoops_stillStops() {
        TaskOutcome outcome = script("""
                const spin = n => n === 0 ? 0 : spin(n - 1) + spin(n - 1);
                spin(64);
                """).timeout(Duration.ofSeconds(1)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.TIMED_OUT);
    }

    @Test
    void execute_whenScriptUsesMoreCpuThanAllowed_failsWithTheCpuMessage() {
        TaskOutcome outcome = script("var x = 0; while (true) { x++; }", 1).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).isEqualTo("CPU limit of 1 s exceeded");
    }

    @Test
    void execute_whenScriptRecursesTooDeep_failsCleanly() {
        TaskOutcome outcome = script("function down(n) { return down(n + 1) + 1; }\ndown(0);").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("stack overflow");
        assertThat(script("result = 1 + 1;").runWith(executor).result().asInt()).isEqualTo(2);
    }

    @Test
    void execute_whenScriptCatchesAStackOverflow_seesAJsRangeError() throws Exception {
        TaskOutcome outcome = script("""
                function down(n) { return down(n + 1) + 1; }
                try { down(0); } catch (e) {
                    result = [e instanceof RangeError, typeof e.getClass, typeof e.getStackTrace];
                }
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("[true, \"undefined\", \"undefined\"]"));
    }

    @Test
    void execute_whenCancelledWhileSleeping_endsCancelledQuickly() {
        TestRun run = script("sleep(60000); result = 'woke';");
        CompletableFuture<TaskOutcome> outcome = CompletableFuture.supplyAsync(() -> run.runWith(executor), runner);
        await().atMost(Duration.ofSeconds(10)).until(() -> !run.pids().isEmpty());
        long start = System.nanoTime();

        run.cancel().cancel();

        TaskOutcome ended = await().atMost(Duration.ofSeconds(3)).until(() -> outcome.getNow(null),
                finished -> finished != null);
        assertThat(ended.state()).isEqualTo(RunState.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void execute_whenCancelledInABusyLoop_endsCancelled() {
        TestRun run = script("log('started'); for (;;) {}");
        CompletableFuture<TaskOutcome> outcome = CompletableFuture.supplyAsync(() -> run.runWith(executor), runner);
        await().atMost(Duration.ofSeconds(10)).until(() -> run.stdout().contains("started"));

        run.cancel().cancel();

        TaskOutcome ended = await().atMost(Duration.ofSeconds(3)).until(() -> outcome.getNow(null),
                finished -> finished != null);
        assertThat(ended.state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void execute_whenSleepOutlastsTheTimeout_timesOut() {
        TaskOutcome outcome = script("sleep(60000);").timeout(Duration.ofSeconds(1)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.TIMED_OUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Java.type('java.lang.Runtime').getRuntime().exec(['touch', MARKER]);",
        "java.lang.Runtime.getRuntime().exec('touch ' + MARKER);",
        "Packages.java.lang.Runtime.getRuntime().exec('touch ' + MARKER);",
        "Packages.java.lang.System.exit(1);",
        "log.getClass().forName('java.lang.Runtime').getRuntime().exec('touch ' + MARKER);",
        "params.getClass().forName('java.lang.Runtime').getRuntime().exec('touch ' + MARKER);",
        "Object.getPrototypeOf(log).constructor('touch');",
        "var g = this.constructor.constructor('return this')(); g.Java.type('java.lang.Runtime');",
        "load('nashorn:mozilla_compat.js'); importPackage(java.io); new File(MARKER).createNewFile();",
        "loadWithNewGlobal({script: 'java.lang.Runtime.getRuntime().exec(\"touch ' + MARKER + '\")'});",
        "new (Java.type('java.io.File'))('/').listFiles();",
        "new java.io.File(MARKER).createNewFile();",
        "eval('new java.io.File(MARKER).createNewFile()');",
        "Function('return java')().io.File(MARKER).createNewFile();",
        "(function () {}).constructor('return java')().io.File(MARKER).createNewFile();",
        "JavaImporter(java.io);",
        "context.getClass();",
        "engine.eval('1');",
        "try { files.read('../x'); } catch (e) { e.getClass().forName('java.lang.Runtime'); }",
        "try { (function f() { f(); })(); } catch (e) { e.getClass().forName('java.lang.Runtime'); }",
        "Object.bindProperties({}, log); Error.dumpStack();",
        "quit(); exit(1);"
    })
    void execute_whenScriptTriesToReachJava_failsAndDoesNothing(String attempt) {
        Path marker = dir.resolve("escaped");
        String source = "var MARKER = '" + marker + "';\n" + attempt;

        TaskOutcome outcome = script(source).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).startsWith("script error at line 2:");
        assertThat(marker).doesNotExist();
    }

    @Test
    void execute_neverLetsTheScriptReadNashornsJavaException() throws Exception {
        TaskOutcome outcome = script("""
                var seen = [];
                var made = new Error('made');
                seen.push(typeof made.nashornException);
                try { throw made; } catch (e) { seen.push(typeof e.nashornException); }
                [{a: 1}, Object.create(null), {nashornException: 1}, Object.freeze({b: 2})].forEach(value => {
                    try { try { throw value; } finally { seen.push(typeof value.nashornException); } } catch (e) {}
                });
                try { null.x; } catch (e) { seen.push(typeof e.nashornException); }
                try { files.read('../x'); } catch (e) { seen.push(typeof e.nashornException); }
                var kept = new TypeError('kept');
                log({toJSON: function () { throw kept; }});
                seen.push(typeof kept.nashornException);
                result = seen.filter(type => type !== 'undefined');
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("[]"));
    }

    @Test
    void execute_whenAnObjectWouldCatchNashornsException_refusesToThrowIt() throws Exception {
        TaskOutcome outcome = script("""
                var stolen = [];
                var own = {};
                Object.defineProperty(own, 'nashornException', {set: v => stolen.push(v), configurable: false});
                var proto = {};
                Object.defineProperty(proto, 'nashornException', {set: v => stolen.push(v)});
                var inherited = Object.preventExtensions(Object.create(proto));
                var extensible = Object.create(proto);
                var refused = [own, inherited, extensible].map(value => {
                    try { throw value; } catch (e) { return e instanceof TypeError; }
                });
                result = {stolen: stolen.length, refused: refused};
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("{\"stolen\": 0, \"refused\": [true, true, false]}"));
    }

    @Test
    void execute_keepsErrorsWorkingAsErrors() throws Exception {
        TaskOutcome outcome = script("""
                var made = new RangeError('r');
                var called = TypeError('t');
                var caught;
                try { null.x; } catch (e) { caught = e; }
                result = [made instanceof RangeError, made instanceof Error, made.message, made.name,
                          called instanceof TypeError, Object.getPrototypeOf(TypeError) === Error,
                          Error.prototype.constructor === Error, caught instanceof TypeError,
                          made.stack.indexOf('task-script.js') >= 0, made.lineNumber, caught.lineNumber,
                          String(made)];
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("""
                [true, true, "r", "RangeError", true, true, true, true, true, 1, 4, "RangeError: r"]"""));
    }

    @Test
    void execute_listsNoJavaReachingGlobals() throws Exception {
        TaskOutcome outcome = script("""
                result = ['Java', 'Packages', 'java', 'javax', 'JavaImporter', 'JavaAdapter', 'JSAdapter', 'load',
                        'loadWithNewGlobal', 'exit', 'quit', 'echo', 'readLine', 'context', 'engine',
                        '__noSuchProperty__']
                    .filter(name => Object.prototype.hasOwnProperty.call(this, name))
                    .concat([typeof Error.dumpStack, typeof new Error().getStackTrace,
                        typeof new Error().printStackTrace, typeof Object.bindProperties]
                        .filter(type => type !== 'undefined'));
                """).runWith(executor);

        assertThat(outcome.error()).isNull();
        assertThat(outcome.result()).isEqualTo(json("[]"));
    }

    @Test
    void execute_whenScriptTriesToDisableTheTick_stillTimesOut() {
        TaskOutcome outcome = script("""
                var global = this;
                Object.getOwnPropertyNames(global).filter(n => n.indexOf('__') === 0).forEach(name => {
                    try { global[name] = function () {}; } catch (e) {}
                    try { delete global[name]; } catch (e) {}
                    try { Object.defineProperty(global, name, {value: function () {}}); } catch (e) {}
                });
                while (true) {}
                """).timeout(Duration.ofSeconds(1)).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.TIMED_OUT);
    }

    @Test
    void execute_whenScriptUsesWith_isRefusedBeforeRunning() {
        Path marker = dir.resolve("ran");
        TaskOutcome outcome = script("files.write('ran', 'x');\nwith ({}) { while (true) {} }").runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).startsWith("script error at line 2: the with statement");
        assertThat(marker).doesNotExist();
    }

    @Test
    void execute_runsEachScriptInAFreshGlobal() {
        assertThat(script("var leaked = 'yes'; Object.prototype.polluted = 1;").runWith(executor).state())
                .isEqualTo(RunState.SUCCEEDED);

        TaskOutcome second = script("result = [typeof leaked, typeof ({}).polluted];").runWith(executor);

        assertThat(second.result().toString()).isEqualTo("[\"undefined\",\"undefined\"]");
    }

    @Test
    void execute_endsItsScriptThreads() {
        script("result = 1;").runWith(executor);
        script("while (true) {}").timeout(Duration.ofSeconds(1)).runWith(executor);

        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("js-task-js-test-")));
    }

    @Test
    void execute_whenWorkFolderIsGone_failsNamingIt() throws Exception {
        Path gone = Files.createDirectory(dir.resolve("gone"));
        Files.delete(gone);

        TaskOutcome outcome = script("result = 1;").workDir(gone).runWith(executor);

        assertThat(outcome.state()).isEqualTo(RunState.FAILED);
        assertThat(outcome.error()).contains("work folder");
    }
}
