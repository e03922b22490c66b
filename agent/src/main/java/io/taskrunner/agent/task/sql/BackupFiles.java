package io.taskrunner.agent.task.sql;

import io.taskrunner.agent.task.TaskException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Names, checks, fingerprints and prunes backup files: {@code <task>-<yyyyMMdd-HHmmss-SSS>.<ext>}. */
final class BackupFiles {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    private static final String STAMP_PATTERN = "\\d{8}-\\d{6}-\\d{3}";
    /** Every extension a backup of any format gets, so a task that changes format still prunes its old files. */
    private static final String EXTENSIONS = "(?:zip|sql|dump|bak)";
    private static final Pattern SCRIPT_START = Pattern.compile(
            "(?is)(--|/\\*|(create|set|insert|alter|drop|begin|start)\\b).*");
    private static final String PART = ".part";

    private BackupFiles() {
    }

    /** The file a backup taken at {@code now} goes to; names not fit for a file name are percent-encoded. */
    static Path newFile(Path folder, String taskName, Instant now, String extension) {
        return folder.resolve(prefix(taskName) + "-" + STAMP.format(now) + "." + extension);
    }

    /** Where a backup is written until it has been checked. */
    static Path partOf(Path file) {
        return file.resolveSibling(file.getFileName() + PART);
    }

    /**
     * Deletes all but the {@code keep} newest backups of the task in {@code folder}; other files, in-progress
     * {@code .part} files and other tasks' backups are left alone.
     *
     * @return the files deleted, oldest first
     */
    static List<Path> keepNewest(Path folder, String taskName, int keep) {
        Pattern own = Pattern.compile(Pattern.quote(prefix(taskName)) + "-" + STAMP_PATTERN + "\\." + EXTENSIONS);
        List<Path> backups;
        try (Stream<Path> files = Files.list(folder)) {
            backups = files.filter(file -> own.matcher(file.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path file) -> file.getFileName().toString()).reversed())
                    .toList();
        } catch (IOException e) {
            throw new TaskException("cannot list " + folder + " to prune old backups: " + e.getMessage(), e);
        }
        List<Path> deleted = new ArrayList<>();
        for (Path old : backups.subList(Math.min(keep, backups.size()), backups.size()).reversed()) {
            try {
                Files.deleteIfExists(old);
                deleted.add(old);
            } catch (IOException e) {
                throw new TaskException("cannot delete the old backup " + old + ": " + e.getMessage(), e);
            }
        }
        return deleted;
    }

    static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new TaskException("cannot read " + file + " to compute its SHA-256: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Reads every entry of a zip file and checks its CRC. */
    static void verifyZip(Path file) {
        int entries = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); entries++) {
                ZipEntry entry = all.nextElement();
                try (CheckedInputStream in = new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                    if (entry.getCrc() != -1 && entry.getCrc() != in.getChecksum().getValue()) {
                        throw new TaskException("backup " + file + " is damaged: entry " + entry.getName()
                                + " fails its CRC check");
                    }
                }
            }
        } catch (IOException e) {
            throw new TaskException("backup " + file + " is not a readable zip file: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new TaskException("backup " + file + " is an empty zip file");
        }
    }

    /** Checks that the file starts like an SQL script. */
    static void verifyScript(Path file) {
        String start = head(file, 4096).stripLeading();
        if (start.startsWith("\uFEFF")) {
            start = start.substring(1);
        }
        if (!SCRIPT_START.matcher(start).matches()) {
            throw new TaskException("backup " + file + " does not start like an SQL script");
        }
    }

    /** Checks that mysqldump finished: its last line is {@code -- Dump completed ...}. */
    static void verifyMysqlDump(Path file) {
        String tail = tail(file, 1024).stripTrailing();
        String lastLine = tail.substring(tail.lastIndexOf('\n') + 1);
        if (!lastLine.startsWith("-- Dump completed")) {
            throw new TaskException("backup " + file + " is incomplete: it does not end with \"-- Dump completed\"");
        }
    }

    static void verifyNotEmpty(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                throw new TaskException("backup " + file + " is missing or empty");
            }
        } catch (IOException e) {
            throw new TaskException("cannot read backup " + file + ": " + e.getMessage(), e);
        }
    }

    private static String prefix(String taskName) {
        StringBuilder safe = new StringBuilder(taskName.length());
        for (byte b : taskName.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                safe.append(c);
            } else {
                safe.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return safe.toString();
    }

    private static String head(Path file, int bytes) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(bytes), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TaskException("cannot read backup " + file + ": " + e.getMessage(), e);
        }
    }

    private static String tail(Path file, int bytes) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - bytes);
            byte[] buffer = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(buffer);
            return new String(buffer, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TaskException("cannot read backup " + file + ": " + e.getMessage(), e);
        }
    }
}
