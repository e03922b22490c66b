package io.taskrunner.protocol.definition;

import io.taskrunner.protocol.Check;

/** Shared checks for the script body of the interpreter-backed task types. */
final class ScriptBody {
    static final int MAX_SCRIPT_CHARS = 256 * 1024;

    private ScriptBody() {
    }

    static String check(String script) {
        Check.maxLength(Check.notBlank(script, "script"), MAX_SCRIPT_CHARS, "script");
        if (script.indexOf('\0') >= 0) {
            throw new io.taskrunner.protocol.ProtocolException("script", "must not contain a NUL character");
        }
        return script;
    }
}
