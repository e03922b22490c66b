package io.taskrunner.agent.jobfile;

import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.protocol.message.JobFile;
import io.taskrunner.protocol.mqtt.PemTls;
import io.taskrunner.protocol.mqtt.TlsFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job files for runs: fetched from the console's HTTPS file endpoint with the agent's client certificate, checked
 * against the size and SHA-256 of the signed command, kept in a cache by hash (so a job's retries and later jobs
 * with the same file fetch nothing), and copied into the run's work folder only after the check. A cached file is
 * hashed again before each use: the task sees only bytes that match the command.
 */
public final class JobFiles {
    /** The environment variable that holds the path of the run's job file. */
    public static final String ENVIRONMENT_VARIABLE = "TASKRUNNER_FILE";
    /** How long the console may take to start answering. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(JobFiles.class);

    private final Path cacheDir;
    private final Supplier<SSLContext> tls;
    private final Duration downloadTimeout;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile HttpClient client;

    /**
     * @param cacheDir        where verified files are kept, named by their SHA-256 (created when needed)
     * @param tls             the agent's client certificate and the console CA; asked once, at the first fetch
     * @param downloadTimeout the longest one download may take, answer and body
     */
    public JobFiles(Path cacheDir, Supplier<SSLContext> tls, Duration downloadTimeout) {
        this.cacheDir = cacheDir;
        this.tls = tls;
        this.downloadTimeout = downloadTimeout;
    }

    /** The agent's: cache under {@code <dataDir>/job-files}, its enrolment certificate, 30 minutes per download. */
    public static JobFiles forAgent(Path dataDir, TlsFiles tlsFiles) {
        return new JobFiles(dataDir.resolve("job-files"), () -> PemTls.sslContext(tlsFiles), Duration.ofMinutes(30));
    }

    /**
     * Makes {@code file} available in {@code workDir} under its name, fetching it first unless cached.
     *
     * @return the verified copy in {@code workDir}
     * @throws JobFileException naming the file: {@link JobFileException#integrity()} when the bytes were wrong
     */
    public Path provide(JobFile file, Path workDir, CancellationToken cancel) {
        Path cached = cached(file, cancel);
        Path target = workDir.resolve(file.name());
        try {
            Files.createDirectories(workDir);
            Path partial = Files.createTempFile(workDir, ".taskrunner-file-", ".part");
            try {
                try (InputStream in = Files.newInputStream(cached)) {
                    VerifiedCopy.copy(in, partial, file);
                } catch (JobFileException e) {
                    // changed on this disk since it was fetched: fetch it afresh next time
                    Files.deleteIfExists(cached);
                    throw e;
                }
                moveInPlace(partial, target);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw JobFileException.unavailable("file " + file.name() + ": cannot copy it into " + workDir + ": "
                    + e.getMessage(), e);
        }
        return target;
    }

    /** The verified file in the cache, fetched now if it is not there; one fetch per hash at a time. */
    private Path cached(JobFile file, CancellationToken cancel) {
        synchronized (locks.computeIfAbsent(file.sha256(), hash -> new Object())) {
            Path cached = cacheDir.resolve(file.sha256());
            if (Files.isRegularFile(cached)) {
                return cached;
            }
            try {
                Files.createDirectories(cacheDir);
                Path partial = Files.createTempFile(cacheDir, file.sha256() + "-", ".part");
                try {
                    download(file, partial, cancel);
                    moveInPlace(partial, cached);
                } finally {
                    Files.deleteIfExists(partial);
                }
            } catch (IOException e) {
                throw JobFileException.unavailable("file " + file.name() + ": cannot keep it in " + cacheDir + ": "
                        + e.getMessage(), e);
            }
            LOG.info("fetched job file {} ({} bytes, SHA-256 {})", file.name(), file.size(), file.sha256());
            return cached;
        }
    }

    private void download(JobFile file, Path partial, CancellationToken cancel) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(file.url())).timeout(ANSWER_TIMEOUT).GET().build();
        CompletableFuture<HttpResponse<InputStream>> answer = client().sendAsync(request,
                HttpResponse.BodyHandlers.ofInputStream());
        cancel.onCancel(() -> answer.cancel(true));
        HttpResponse<InputStream> response;
        try {
            response = answer.get(downloadTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JobFileException.unavailable("file " + file.name() + ": fetching it was interrupted", e);
        } catch (ExecutionException e) {
            throw JobFileException.unavailable("file " + file.name() + ": cannot fetch it from " + file.url() + ": "
                    + e.getCause(), e.getCause());
        } catch (CancellationException e) {
            throw JobFileException.unavailable("file " + file.name() + ": fetching it was cancelled", e);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw JobFileException.unavailable("file " + file.name() + ": " + file.url() + " did not answer within "
                    + downloadTimeout.toSeconds() + " s", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw JobFileException.unavailable("file " + file.name() + ": " + file.url() + " answered HTTP "
                        + response.statusCode() + " " + new String(body.readNBytes(500),
                        StandardCharsets.UTF_8).strip(), null);
            }
            // the body is read here, not by the client: closing it ends a download that is cancelled or too slow
            cancel.onCancel(() -> closeQuietly(body));
            CompletableFuture.delayedExecutor(downloadTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> closeQuietly(body));
            try {
                VerifiedCopy.copy(body, partial, file);
            } catch (IOException e) {
                if (cancel.isCancelled()) {
                    throw JobFileException.unavailable("file " + file.name() + ": fetching it was cancelled", e);
                }
                throw JobFileException.unavailable("file " + file.name() + ": the download from " + file.url()
                        + " broke off: " + e.getMessage(), e);
            }
        }
    }

    private HttpClient client() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = HttpClient.newBuilder().sslContext(tls.get()).connectTimeout(Duration.ofSeconds(30))
                            .followRedirects(HttpClient.Redirect.NEVER).build();
                }
                current = client;
            }
        }
        return current;
    }

    private static void moveInPlace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("closing a job file download: {}", e.getMessage());
        }
    }
}
