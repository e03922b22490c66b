package io.taskrunner.agent.task.sql;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds a program on a {@code PATH}, as a shell would, without running a shell. */
final class ToolFinder {
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    private ToolFinder() {
    }

    /** The first executable named {@code program} (on Windows also {@code program.exe}) in {@code path}. */
    static Optional<Path> find(String program, String path) {
        if (path == null) {
            return Optional.empty();
        }
        List<String> names = WINDOWS ? List.of(program + ".exe", program) : List.of(program);
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            for (String name : names) {
                try {
                    Path candidate = Path.of(dir, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                } catch (InvalidPathException e) {
                    // A malformed PATH entry holds no program.
                }
            }
        }
        return Optional.empty();
    }
}
