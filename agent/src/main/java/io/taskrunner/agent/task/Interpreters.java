package io.taskrunner.agent.task;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds programs the way a shell would: in the folders of a {@code PATH}, with the extensions of {@code PATHEXT} on
 * Windows. The current folder is never searched, even when {@code PATH} holds an empty entry. Thread-safe.
 */
public final class Interpreters {

    private static final String DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";
    /** A program name without folder or options, e.g. {@code bash}, {@code python3}, {@code pwsh.exe}. */
    private static final Pattern BARE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

    private final List<Path> folders;
    private final List<String> extensions;
    private final boolean windows;

    /**
     * @param path    the search path as in the {@code PATH} variable; {@code null} means empty
     * @param pathExt the extensions as in {@code PATHEXT} (Windows only); {@code null} means the Windows default
     * @param windows whether to follow Windows rules ({@code ;} separator, extensions, no executable bit)
     */
    public Interpreters(String path, String pathExt, boolean windows) {
        this.windows = windows;
        this.folders = folders(path == null ? "" : path, windows);
        List<String> exts = new ArrayList<>();
        for (String ext : (pathExt == null || pathExt.isBlank() ? DEFAULT_PATHEXT : pathExt).split(";")) {
            if (ext.startsWith(".") && ext.length() > 1) {
                exts.add(ext.toLowerCase(Locale.ROOT));
            }
        }
        this.extensions = List.copyOf(exts);
    }

    /** The agent's own {@code PATH} and {@code PATHEXT}: what {@link ProcessBuilder} itself searches. */
    public static Interpreters system() {
        return new Interpreters(System.getenv("PATH"), System.getenv("PATHEXT"),
                System.getProperty("os.name", "").startsWith("Windows"));
    }

    public boolean windows() {
        return windows;
    }

    /** Whether {@code program} is a bare program name (no folder, no options), as {@link #find} accepts. */
    public static boolean isBareName(String program) {
        return program != null && BARE_NAME.matcher(program).matches();
    }

    /** The first file on the path named {@code program} (plus an extension on Windows) that can be run. */
    public Optional<Path> find(String program) {
        if (!isBareName(program)) {
            return Optional.empty();
        }
        for (Path folder : folders) {
            for (String name : candidateNames(program)) {
                Path file = folder.resolve(name);
                if (isRunnable(file)) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    /** The first of {@code programs} found on the path, tried in order. */
    public Optional<Path> findFirst(List<String> programs) {
        for (String program : programs) {
            Optional<Path> found = find(program);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** An absolute path as it is if the file can be run, or a bare name looked up on the path. */
    public Optional<Path> locate(String program) {
        if (isBareName(program)) {
            return find(program);
        }
        try {
            Path file = Path.of(program);
            return file.isAbsolute() && isRunnable(file) ? Optional.of(file) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private List<String> candidateNames(String program) {
        if (!windows) {
            return List.of(program);
        }
        String lower = program.toLowerCase(Locale.ROOT);
        if (extensions.stream().anyMatch(lower::endsWith)) {
            return List.of(program);
        }
        return extensions.stream().map(ext -> program + ext).toList();
    }

    private boolean isRunnable(Path file) {
        // Windows has no executable bit; a file with a PATHEXT extension is runnable.
        return Files.isRegularFile(file) && (windows || Files.isExecutable(file));
    }

    private static List<Path> folders(String path, boolean windows) {
        List<Path> result = new ArrayList<>();
        for (String entry : path.split(windows ? ";" : ":")) {
            String folder = windows && entry.length() >= 2 && entry.startsWith("\"") && entry.endsWith("\"")
                    ? entry.substring(1, entry.length() - 1) : entry;
            if (folder.isBlank()) {
                continue;
            }
            try {
                Path resolved = Path.of(folder);
                // A relative entry would depend on the working folder of whoever runs the task.
                if (resolved.isAbsolute()) {
                    result.add(resolved);
                }
            } catch (InvalidPathException e) {
                // A malformed PATH entry cannot hold a program; the shell skips it too.
            }
        }
        return List.copyOf(result);
    }
}
