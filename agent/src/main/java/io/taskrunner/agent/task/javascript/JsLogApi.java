package io.taskrunner.agent.task.javascript;

import io.taskrunner.agent.executor.OutputListener;
import io.taskrunner.agent.executor.OutputStreamKind;
import java.util.Map;
import java.util.StringJoiner;

/** {@code log(...)}, {@code log.info}, {@code log.warn}, {@code log.error}: one line of the run's output per call. */
final class JsLogApi {

    private JsLogApi() {
    }

    /** The namespace; {@code log(...)} itself logs at info. Warnings and errors go to stderr. */
    static JsNamespace create(JsBridge bridge, OutputListener output) {
        JsFunction info = function("log.info", bridge, output, OutputStreamKind.STDOUT);
        return new JsNamespace("log", bridge, Map.of(
                "info", info,
                "warn", function("log.warn", bridge, output, OutputStreamKind.STDERR),
                "error", function("log.error", bridge, output, OutputStreamKind.STDERR)), info);
    }

    private static JsFunction function(String name, JsBridge bridge, OutputListener output,
            OutputStreamKind stream) {
        return new JsFunction(name, bridge, arguments -> {
            StringJoiner line = new StringJoiner(" ", "", "\n");
            for (Object argument : arguments) {
                line.add(bridge.text(argument));
            }
            output.onOutput(stream, line.toString());
            return null;
        });
    }
}
