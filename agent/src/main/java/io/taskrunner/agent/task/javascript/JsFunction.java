package io.taskrunner.agent.task.javascript;

import io.taskrunner.agent.task.TaskException;
import org.openjdk.nashorn.api.scripting.AbstractJSObject;
import org.openjdk.nashorn.api.scripting.NashornException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host function the script can call. It checks the run's limits first, and whatever it throws reaches the script
 * as a JS error, never as a Java object.
 */
final class JsFunction extends AbstractJSObject {

    /** The function's work; arguments are JS values as Nashorn passes them, the result a JS value or null. */
    @FunctionalInterface
    interface Body {
        Object call(Object[] arguments);
    }

    private static final Logger LOG = LoggerFactory.getLogger(JsFunction.class);

    private final String name;
    private final JsBridge bridge;
    private final Body body;

    JsFunction(String name, JsBridge bridge, Body body) {
        this.name = name;
        this.bridge = bridge;
        this.body = body;
    }

    @Override
    public Object call(Object thiz, Object... arguments) {
        try {
            bridge.guard().tick();
            return body.call(arguments);
        } catch (NashornException e) {
            throw e;  // already a JS error (the script's own, or one raised through the bridge)
        } catch (TaskException | IllegalArgumentException e) {
            throw bridge.raise("Error", e.getMessage());
        } catch (RuntimeException e) {
            // The boundary to the script: a Java exception must not reach it, whatever failed.
            LOG.warn("Host function {} of a task script failed", name, e);
            throw bridge.raise("Error", name + ": internal error: " + e);
        }
    }

    @Override
    public Object newObject(Object... arguments) {
        throw bridge.raise("TypeError", name + " is not a constructor");
    }

    @Override
    public boolean isFunction() {
        return true;
    }

    @Override
    public String getClassName() {
        return "Function";
    }

    @Override
    public String toString() {
        return "function " + name + "() { [host code] }";
    }
}
