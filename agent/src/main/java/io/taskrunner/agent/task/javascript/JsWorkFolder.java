package io.taskrunner.agent.task.javascript;

import io.taskrunner.agent.task.TaskException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The run's work folder as the only place a script's file access may reach. A path is resolved against it and
 * normalised, and its nearest existing ancestor (the path itself when it exists) must really lie inside it, so
 * {@code ..}, absolute paths elsewhere and symbolic links pointing out are all refused.
 */
final class JsWorkFolder {

    private final Path root;

    /** @throws TaskException if the folder does not exist */
    JsWorkFolder(Path workDir) {
        try {
            this.root = workDir.toRealPath();
        } catch (IOException e) {
            throw new TaskException("the task's work folder " + workDir + " cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * The real location of {@code path} inside the folder (symbolic links resolved as far as it exists).
     *
     * @throws TaskException naming the path if it lies outside the folder
     */
    Path resolve(String path) {
        Path candidate;
        try {
            candidate = root.resolve(path).normalize();
        } catch (InvalidPathException e) {
            throw new TaskException("files: '" + path + "' is not a valid path: " + e.getReason());
        }
        if (!candidate.startsWith(root)) {
            throw outside(path);
        }
        Path existing = candidate;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw outside(path);
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (NoSuchFileException e) {
            throw outside(path);  // a dangling symbolic link: writing through it would create its target
        } catch (IOException e) {
            throw new TaskException("files: '" + path + "' cannot be resolved: " + e.getMessage(), e);
        }
        if (!real.startsWith(root)) {
            throw outside(path);
        }
        return real.resolve(existing.relativize(candidate));
    }

    Path root() {
        return root;
    }

    private static TaskException outside(String path) {
        return new TaskException("files: path '" + path + "' is outside the task's work folder");
    }
}
