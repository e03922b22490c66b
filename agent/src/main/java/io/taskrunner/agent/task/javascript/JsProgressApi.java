package io.taskrunner.agent.task.javascript;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.agent.task.TaskProgress;

/**
 * {@code progress(percent, details)}: how far the script is, as a job execution's progress. {@code percent} is a
 * number from 0 to 100 (fractions are rounded down) or null to keep the last one; {@code details} is a text or null.
 * Cheap to call often: the agent sends at most one update a second.
 */
final class JsProgressApi {

    private JsProgressApi() {
    }

    static JsFunction create(JsBridge bridge, TaskProgress progress) {
        return new JsFunction("progress", bridge, arguments -> {
            JsonNode percent = bridge.fromJs(JsArgs.at(arguments, 0));
            Object details = JsArgs.at(arguments, 1);
            if (percent.isNull() && details == null) {
                throw new TaskException("progress: give a percent, a details text, or both");
            }
            progress.report(percent(percent), details == null ? null : bridge.text(details));
            return null;
        });
    }

    private static Integer percent(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || value.doubleValue() < 0
                || value.doubleValue() > 100) {
            throw new TaskException("progress: percent must be a number from 0 to 100 or null, was " + value);
        }
        return (int) Math.floor(value.doubleValue());
    }
}
