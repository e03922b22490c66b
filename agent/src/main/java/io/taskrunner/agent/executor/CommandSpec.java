package io.taskrunner.agent.executor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run and within which limits. No shell is ever involved: each element of {@code argv} reaches the program
 * as one argument, so spaces, quotes, {@code ;} or {@code $(...)} inside an element are passed literally.
 *
 * @param argv             the program followed by its arguments; not empty, the program not blank
 * @param workingDirectory where the program starts; {@code null} means the agent's own working directory
 * @param environment      variables added to (or overriding) the environment the agent inherited; may be empty
 * @param timeout          how long the program may run before its whole process tree is killed; positive
 * @param outputLimitBytes how many bytes of stdout and stderr together are passed on; the rest is drained and dropped
 */
public record CommandSpec(
        List<String> argv,
        Path workingDirectory,
        Map<String, String> environment,
        Duration timeout,
        long outputLimitBytes) {

    public CommandSpec {
        Objects.requireNonNull(argv, "argv");
        if (argv.isEmpty() || argv.getFirst() == null || argv.getFirst().isBlank()) {
            throw new IllegalArgumentException("argv must name a program to run");
        }
        for (int i = 0; i < argv.size(); i++) {
            String element = Objects.requireNonNull(argv.get(i), "argv[" + i + "]");
            // The OS cannot pass a NUL inside an argument; fail here rather than with an obscure start error.
            if (element.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argv[" + i + "] must not contain a NUL character");
            }
        }
        argv = List.copyOf(argv);
        Objects.requireNonNull(environment, "environment");
        environment.forEach((name, value) -> {
            Objects.requireNonNull(name, "environment name");
            Objects.requireNonNull(value, "environment[" + name + "]");
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment name '" + name + "' is not a valid variable name");
            }
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment[" + name + "] must not contain a NUL character");
            }
        });
        environment = Map.copyOf(environment);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        if (outputLimitBytes < 0) {
            throw new IllegalArgumentException("outputLimitBytes must not be negative, was " + outputLimitBytes);
        }
    }

    /** The program, for messages and logs. */
    public String program() {
        return argv.getFirst();
    }
}
