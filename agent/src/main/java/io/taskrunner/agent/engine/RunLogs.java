package io.taskrunner.agent.engine;

import io.taskrunner.protocol.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full run output in per-task daily files, {@code logs/runs/<task>/<yyyy-MM-dd>.log} (UTC days), each line tagged
 * with the run, so concurrent runs of one task stay readable. Files older than the retention are deleted.
 *
 * <p>Today's files of the most recently active tasks stay open between writes (each write is one append, visible
 * at once to anyone tailing the file); opening and closing a file for every line cost more than the run of a short
 * program. They are closed at the end of the day, by {@link #close()}, and when more than {@value #MAX_OPEN_FILES}
 * tasks write at once.
 */
public final class RunLogs implements AutoCloseable {
    static final int MAX_OPEN_FILES = 32;
    private static final Logger LOG = LoggerFactory.getLogger(RunLogs.class);

    private final Path dir;
    private final Clock clock;
    private final int retentionDays;
    private final Map<Path, FileChannel> openFiles = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, FileChannel> eldest) {
            if (size() > MAX_OPEN_FILES) {
                closeQuietly(eldest.getKey(), eldest.getValue());
                return true;
            }
            return false;
        }
    };
    private final Map<UUID, List<OutputFollower>> followers = new ConcurrentHashMap<>();
    private LocalDate openDay;

    /** Told of each piece of a run's output as it is written; runs under the log's lock, so it must not block. */
    @FunctionalInterface
    public interface OutputFollower {
        /** @param stream {@code out} or {@code err} */
        void output(String stream, String text);
    }

    /**
     * What a follower missed: the output written before it started following is in these files, the last one up to
     * {@code lastFileLength} bytes; {@link RunLogReader} reads it back.
     */
    public record Backlog(List<Path> files, long lastFileLength) {
    }

    public RunLogs(Path dir, Clock clock, int retentionDays) {
        this.dir = dir;
        this.clock = clock;
        this.retentionDays = retentionDays;
    }

    /** The file today's output of {@code task} goes to. */
    public Path fileFor(String task) {
        return dir.resolve(task).resolve(LocalDate.now(clock.withZone(ZoneOffset.UTC)) + ".log");
    }

    /**
     * Starts telling {@code follower} of the output of run {@code runId} of {@code task} from now on, and returns
     * where the output written before lies (the files of the days from {@code since} to today). Both happen under
     * the lock every write takes, so nothing is missed and nothing is told twice.
     */
    public synchronized Backlog follow(String task, UUID runId, LocalDate since, OutputFollower follower) {
        followers.computeIfAbsent(runId, id -> new CopyOnWriteArrayList<>()).add(follower);
        if (!Topics.isValidLevel(task)) {
            // a rejected run keeps the name it was asked for, which need not be a safe folder name; it has no output
            return new Backlog(List.of(), 0);
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate first = since.isBefore(today.minusDays(retentionDays)) ? today.minusDays(retentionDays) : since;
        List<Path> files = new ArrayList<>();
        long lastLength = 0;
        for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
            Path file = dir.resolve(task).resolve(day + ".log");
            if (Files.isRegularFile(file)) {
                files.add(file);
                try {
                    lastLength = Files.size(file);
                } catch (IOException e) {
                    LOG.warn("cannot read the size of run log {}: {}", file, e.toString());
                    files.removeLast();
                }
            }
        }
        return new Backlog(List.copyOf(files), lastLength);
    }

    public void unfollow(UUID runId, OutputFollower follower) {
        followers.computeIfPresent(runId, (id, list) -> {
            list.remove(follower);
            return list.isEmpty() ? null : list;
        });
    }

    /** The tag each output line of {@code runId} starts with in a log file. */
    static String tag(UUID runId, String stream) {
        return runId.toString().substring(0, 8) + " " + stream + " | ";
    }

    /** Appends {@code text} to today's file of {@code task}, each line prefixed with the run and stream. */
    synchronized void append(String task, UUID runId, String stream, String text) {
        String tag = tag(runId, stream);
        StringBuilder lines = new StringBuilder(text.length() + 32);
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            String line = end < 0 ? text.substring(start) : text.substring(start, end);
            lines.append(tag).append(line).append('\n');
            start = end < 0 ? text.length() : end + 1;
        }
        write(task, lines.toString());
        List<OutputFollower> following = followers.get(runId);
        if (following != null) {
            for (OutputFollower follower : following) {
                try {
                    follower.output(stream, text);
                } catch (RuntimeException e) {
                    LOG.warn("an output follower of run {} failed", runId, e);
                }
            }
        }
    }

    void note(String task, UUID runId, String text) {
        write(task, clock.instant() + " " + runId + " " + text + "\n");
    }

    private synchronized void write(String task, String text) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!today.equals(openDay)) {
            close();
            openDay = today;
        }
        Path file = dir.resolve(task).resolve(today + ".log");
        FileChannel channel = openFiles.get(file);
        try {
            if (channel == null) {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                openFiles.put(file, channel);
            }
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            // A full disk must not fail the run; the output still reaches the console through the outbox.
            if (channel != null) {
                openFiles.remove(file);
                closeQuietly(file, channel);
            }
            LOG.warn("cannot write run log {}: {}", file, e.toString());
        }
    }

    /** Closes the files kept open; a later write opens its file again. */
    @Override
    public synchronized void close() {
        openFiles.forEach(RunLogs::closeQuietly);
        openFiles.clear();
    }

    private static void closeQuietly(Path file, FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("cannot close run log {}: {}", file, e.toString());
        }
    }

    /** Deletes day files older than the retention; returns how many. */
    public synchronized int prune() {
        LocalDate oldestKept = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(retentionDays - 1L);
        int deleted = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path taskDir : tasks) {
                try (DirectoryStream<Path> days = Files.newDirectoryStream(taskDir, "*.log")) {
                    for (Path day : days) {
                        if (isOlder(day, oldestKept)) {
                            Files.deleteIfExists(day);
                            deleted++;
                        }
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot prune run logs in {}: {}", dir, e.toString());
        }
        return deleted;
    }

    private static boolean isOlder(Path day, LocalDate oldestKept) {
        String name = day.getFileName().toString();
        try {
            return LocalDate.parse(name.substring(0, name.length() - ".log".length())).isBefore(oldestKept);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
