package io.taskrunner.console.service.files;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.message.JobFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's job files: bytes stored once per content under {@code <folder>/<sha256>} (written to a temporary
 * file while hashed, then moved in place, so a half-written upload is never served), each upload a row in H2. Runs
 * carry a {@link JobFile} reference with the hash and the URL of the console's HTTPS file endpoint; the agent checks
 * the hash, so bytes that changed on this disk after the upload are refused there.
 */
public final class JobFileService {
    /** The default largest file: 512 MiB. */
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;
    /** Where the file endpoint's paths start; a file's URL is this plus its SHA-256. */
    public static final String ENDPOINT_PATH = "/files/";
    private static final Logger LOG = LoggerFactory.getLogger(JobFileService.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final JobFileRepository repository;
    private final Path folder;
    private final long maxBytes;
    private final Supplier<Optional<String>> endpoint;
    private final Clock clock;

    /**
     * @param folder   where the bytes go (created)
     * @param endpoint the file endpoint's {@code https://host:port}, asked each time a reference is made; empty while
     *                 the console serves no files (Fleet API off)
     */
    public JobFileService(Database database, Path folder, long maxBytes, Supplier<Optional<String>> endpoint,
            Clock clock) {
        this.repository = new JobFileRepository(database);
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.endpoint = endpoint;
        this.clock = clock;
        try {
            Files.createDirectories(folder.resolve("incoming"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the job file folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code content} to its end and keeps it under {@code name}. The same content under the same name gives
     * the earlier upload back; the same content under another name shares its bytes.
     *
     * @throws IllegalArgumentException naming {@code name} or {@code file} (too large)
     * @throws UncheckedIOException     when the content cannot be read or written
     */
    public StoredJobFile store(String name, InputStream content) {
        try {
            JobFile.checkName(name, "name");
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Path incoming = null;
        try {
            incoming = Files.createTempFile(folder.resolve("incoming"), "upload-", ".part");
            MessageDigest digest = sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(incoming), digest)) {
                size = copyAtMost(content, out, maxBytes, name);
            }
            String sha256 = JobFile.hex(digest.digest());
            Path target = contentPath(sha256);
            if (Files.exists(target)) {
                Files.delete(incoming);
            } else {
                moveInPlace(incoming, target);
            }
            StoredJobFile stored = repository.insertOrFind(new StoredJobFile(UUID.randomUUID(), name, sha256, size,
                    clock.instant()));
            LOG.info("stored job file '{}' ({} bytes, SHA-256 {}) as {}", name, size, sha256, stored.id());
            return stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store job file '" + name + "': " + e.getMessage(), e);
        } finally {
            deleteQuietly(incoming);
        }
    }

    /** Stores a file from this PC's disk under its own name. */
    public StoredJobFile store(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return store(file.getFileName().toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Optional<StoredJobFile> file(UUID id) {
        return repository.find(id);
    }

    /** Newest first. */
    public List<StoredJobFile> files() {
        return repository.all();
    }

    /** The stored bytes of that content; empty for a malformed hash or content no upload has. */
    public Optional<Path> content(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches() || !repository.hasContent(sha256)) {
            return Optional.empty();
        }
        Path path = contentPath(sha256);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    /**
     * What a run-task command carries for file {@code id}.
     *
     * @throws IllegalArgumentException starting with {@code file:} when no such file is stored or files are not
     *                                  served (the Fleet API's HTTPS port is off)
     */
    public JobFile reference(UUID id) {
        StoredJobFile file = repository.find(id).orElseThrow(() -> new IllegalArgumentException(
                "file: no job file " + id + " is stored"));
        String base = endpoint.get().orElseThrow(() -> new IllegalArgumentException("file: agents fetch job files "
                + "from the console's HTTPS port, which is off; start the console with --api-port"));
        return new JobFile(file.name(), file.sha256(), file.size(), base + ENDPOINT_PATH + file.sha256());
    }

    /** The largest file {@link #store} takes. */
    public long maxBytes() {
        return maxBytes;
    }

    private Path contentPath(String sha256) {
        return folder.resolve(sha256);
    }

    private static long copyAtMost(InputStream in, OutputStream out, long max, String name) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            total += read;
            if (total > max) {
                throw new IllegalArgumentException("file: '" + name + "' is larger than the " + max
                        + " bytes a job file may have");
            }
            out.write(buffer, 0, read);
        }
        return total;
    }

    private static void moveInPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            try {
                Files.move(from, to);
            } catch (FileAlreadyExistsException raced) {
                LOG.debug("the same content arrived twice at once: {}", to);
            }
        } catch (FileAlreadyExistsException e) {
            LOG.debug("the same content arrived twice at once: {}", to);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot delete the partial upload {}: {}", path, e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }
}
