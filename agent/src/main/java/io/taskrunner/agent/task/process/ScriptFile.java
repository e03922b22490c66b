package io.taskrunner.agent.task.process;

import io.taskrunner.agent.task.TaskException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A script body written to a file in its own temporary folder, readable only by the agent's user; closing deletes
 * the folder with everything in it.
 */
final class ScriptFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptFile.class);
    private static final int MAX_NAME_CHARS = 48;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path folder;
    private final Path file;

    private ScriptFile(Path folder, Path file) {
        this.folder = folder;
        this.file = file;
    }

    /**
     * @param root where the temporary folder goes; {@code null} means the system's temporary folder
     * @throws TaskException naming the folder if the script cannot be written
     */
    static ScriptFile create(Path root, String fileName, byte[] content) {
        Path base = root != null ? root : Path.of(System.getProperty("java.io.tmpdir"));
        Path folder = null;
        try {
            Files.createDirectories(base);
            // On POSIX systems the JDK creates temporary folders as rwx------.
            folder = Files.createTempDirectory(base, "taskrunner-");
            Path file = folder.resolve(fileName);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                out.write(content);
            }
            return new ScriptFile(folder, file);
        } catch (IOException e) {
            if (folder != null) {
                deleteTree(folder);
            }
            throw new TaskException("cannot write the script to a temporary file in " + base + ": " + e.getMessage(),
                    e);
        }
    }

    /** {@code prefix} followed by the task name reduced to letters, digits and {@code _}, then {@code extension}. */
    static String fileName(String prefix, String taskName, String extension) {
        StringBuilder name = new StringBuilder(prefix);
        taskName.codePoints().limit(MAX_NAME_CHARS).forEach(c -> name.append(
                c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? (char) c : '_'));
        return name.append(extension).toString();
    }

    Path path() {
        return file;
    }

    @Override
    public void close() {
        deleteTree(folder);
    }

    private static void deleteTree(Path folder) {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (IOException e) {
            LOG.warn("Could not list temporary script folder {}: {}", folder, e.toString());
            return;
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("Could not delete temporary script file {}: {}", path, e.toString());
            }
        }
    }
}
