package io.taskrunner.agent.task.javascript;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openjdk.nashorn.api.scripting.AbstractJSObject;

/**
 * A read-only host object of functions ({@code http}, {@code files}, ...), optionally callable itself
 * ({@code log(...)}). Members the script did not get are null, so {@code log.getClass()} leads nowhere.
 */
final class JsNamespace extends AbstractJSObject {

    private final String name;
    private final JsBridge bridge;
    private final Map<String, JsFunction> members;
    private final JsFunction self;

    /** @param self what calling the namespace does, or null when it is not callable */
    JsNamespace(String name, JsBridge bridge, Map<String, JsFunction> members, JsFunction self) {
        this.name = name;
        this.bridge = bridge;
        this.members = new LinkedHashMap<>(members);
        this.self = self;
    }

    @Override
    public Object getMember(String member) {
        return members.get(member);
    }

    @Override
    public boolean hasMember(String member) {
        return members.containsKey(member);
    }

    @Override
    public Set<String> keySet() {
        return Set.copyOf(members.keySet());
    }

    @Override
    public Collection<Object> values() {
        return List.copyOf(members.values());
    }

    @Override
    public void setMember(String member, Object value) {
        // Read-only: the script cannot replace a host function for the next caller.
    }

    @Override
    public void removeMember(String member) {
        // Read-only.
    }

    @Override
    public Object call(Object thiz, Object... arguments) {
        if (self == null) {
            throw bridge.raise("TypeError", name + " is not a function");
        }
        return self.call(thiz, arguments);
    }

    @Override
    public Object newObject(Object... arguments) {
        throw bridge.raise("TypeError", name + " is not a constructor");
    }

    @Override
    public boolean isFunction() {
        return self != null;
    }

    @Override
    public String getClassName() {
        return self != null ? "Function" : "Object";
    }

    @Override
    public String toString() {
        return "[object " + name + "]";
    }
}
