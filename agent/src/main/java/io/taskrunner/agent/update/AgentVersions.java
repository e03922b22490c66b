package io.taskrunner.agent.update;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The agent versions kept in {@code <dataDir>/versions}: one folder per staged version (its
 * {@code taskrunner-agent.jar} and {@code lib/}), the pointer file {@code current} naming the folder the launcher
 * starts (absent or empty: the installed agent), and the record of the last update ({@link UpdateState}). Uses the
 * JDK only: the launcher ({@code io.taskrunner.agent.LaunchSelector}) runs it before choosing a version.
 */
public final class AgentVersions {
    /** The agent jar inside a version folder and inside an update package. */
    public static final String AGENT_JAR = "taskrunner-agent.jar";
    /** Starts of a pending version that did not come online before the launcher goes back. */
    public static final int MAX_STARTS = 2;
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final Pattern LIBRARY = Pattern.compile("lib/[A-Za-z0-9][A-Za-z0-9._+-]{0,200}\\.jar");
    private static final long MAX_UNPACKED_BYTES = 1024L * 1024 * 1024;

    private final Path dir;

    public AgentVersions(Path dataDir) {
        this.dir = dataDir.resolve("versions");
    }

    /** The version folder the launcher starts; empty for the installed agent. */
    public Optional<String> current() {
        Path pointer = dir.resolve("current");
        try {
            String name = Files.isRegularFile(pointer) ? Files.readString(pointer, StandardCharsets.UTF_8).strip()
                    : "";
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer + ": " + e.getMessage(), e);
        }
    }

    public Optional<UpdateState> lastUpdate() {
        try {
            return UpdateState.read(stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Unpacks an update package (a zip of {@code taskrunner-agent.jar} and {@code lib/*.jar}) into
     * {@code versions/<its version>/}, points {@code current} at it and records the update as pending. The running
     * agent is untouched; the next start runs the new version.
     *
     * @param runningVersion the version running now, refused as the target
     * @return the staged version
     * @throws UpdateException when the package is not a usable agent
     */
    public String stage(Path updatePackage, String runningVersion) {
        try {
            Files.createDirectories(dir);
            Path staging = Files.createTempDirectory(dir, ".staging-");
            try {
                unpack(updatePackage, staging);
                String version = versionOf(staging.resolve(AGENT_JAR));
                if (version.equals(runningVersion)) {
                    throw new UpdateException("the package holds version " + version + ", which is running already");
                }
                Path target = dir.resolve(version);
                deleteTree(target);
                moveInPlace(staging, target);
                String from = current().orElse("");
                UpdateState.pending(from, version).write(stateFile());
                point(version);
                return version;
            } finally {
                deleteTree(staging);
            }
        } catch (IOException e) {
            throw new UpdateException("cannot stage the update: " + e.getMessage(), e);
        }
    }

    /**
     * What the launcher starts now: counts a start of a pending version and, past {@link #MAX_STARTS} starts
     * without coming online, points back at the version before and records the rollback.
     *
     * @param installedJar the agent installed with the service, run when no staged version is current
     */
    public Path selectForStart(Path installedJar) {
        try {
            Optional<UpdateState> update = UpdateState.read(stateFile());
            if (update.isPresent() && update.get().status() == UpdateState.Status.PENDING
                    && current().orElse("").equals(update.get().to())) {
                UpdateState started = update.get().started();
                if (started.starts() > MAX_STARTS) {
                    rollBack(started, "version " + started.to() + " did not come online in " + MAX_STARTS
                            + " starts");
                } else {
                    started.write(stateFile());
                }
            }
            Optional<String> version = current();
            if (version.isPresent()) {
                Path jar = dir.resolve(version.get()).resolve(AGENT_JAR);
                if (Files.isRegularFile(jar)) {
                    return jar;
                }
            }
            return installedJar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot choose the agent version in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The running version reached its broker: a pending update to it is done. True when this confirmed one. */
    public boolean confirm(String runningVersion) {
        Optional<UpdateState> update = lastUpdate();
        if (update.isEmpty() || update.get().status() != UpdateState.Status.PENDING
                || !update.get().to().equals(runningVersion)) {
            return false;
        }
        try {
            update.get().confirmed().write(stateFile());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the update as done: " + e.getMessage(), e);
        }
    }

    /** Goes back to the version before a pending update to {@code runningVersion}; false when none is pending. */
    public boolean rollBack(String runningVersion, String why) {
        Optional<UpdateState> update = lastUpdate();
        if (update.isEmpty() || update.get().status() != UpdateState.Status.PENDING
                || !update.get().to().equals(runningVersion)) {
            return false;
        }
        try {
            rollBack(update.get(), why);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot roll the update back: " + e.getMessage(), e);
        }
    }

    private void rollBack(UpdateState update, String why) throws IOException {
        point(update.from());
        update.rolledBack(why).write(stateFile());
    }

    private void point(String version) throws IOException {
        Path partial = dir.resolve("current.part");
        Files.writeString(partial, version + "\n", StandardCharsets.UTF_8);
        moveInPlace(partial, dir.resolve("current"));
    }

    private Path stateFile() {
        return dir.resolve("update.properties");
    }

    /** Only {@code taskrunner-agent.jar} and {@code lib/*.jar}: no other path, so nothing lands outside. */
    private static void unpack(Path updatePackage, Path into) throws IOException {
        Files.createDirectories(into.resolve("lib"));
        long unpacked = 0;
        boolean hasAgent = false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(updatePackage))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (!name.equals(AGENT_JAR) && !LIBRARY.matcher(name).matches()) {
                    throw new UpdateException("the package holds '" + name + "'; an update package holds "
                            + AGENT_JAR + " and lib/*.jar only");
                }
                hasAgent |= name.equals(AGENT_JAR);
                Path target = into.resolve(name);
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                unpacked += Files.size(target);
                if (unpacked > MAX_UNPACKED_BYTES) {
                    throw new UpdateException("the package unpacks to more than " + MAX_UNPACKED_BYTES + " bytes");
                }
            }
        } catch (IllegalArgumentException | java.util.zip.ZipException e) {
            throw new UpdateException("the package is not a readable zip file: " + e.getMessage(), e);
        }
        if (!hasAgent) {
            throw new UpdateException("the package has no " + AGENT_JAR + " at its top level");
        }
    }

    private static String versionOf(Path agentJar) throws IOException {
        try (InputStream in = Files.newInputStream(agentJar); JarInputStream jar = new JarInputStream(in)) {
            Manifest manifest = jar.getManifest();
            String version = manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
            if (version == null || !VERSION.matcher(version).matches()) {
                throw new UpdateException(AGENT_JAR + " in the package has no usable Implementation-Version in its "
                        + "manifest (was " + version + ")");
            }
            return version;
        }
    }

    static void moveInPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
