package io.taskrunner.agent.jobfile;

import io.taskrunner.protocol.message.JobFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Copies a stream to a file while counting and hashing it, and checks both against the {@link JobFile} the command
 * named: never more than the declared size is read (a longer stream is refused at the first extra byte), and the
 * SHA-256 of what arrived must be the declared one.
 */
final class VerifiedCopy {
    private VerifiedCopy() {
    }

    /**
     * @throws JobFileException (integrity) on a size or hash mismatch; the target may hold the bad bytes then
     * @throws IOException      when reading or writing fails
     */
    static void copy(InputStream in, Path target, JobFile expected) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                total += read;
                if (total > expected.size()) {
                    throw JobFileException.mismatch("file " + expected.name() + ": more than the declared "
                            + expected.size() + " bytes arrived");
                }
                digest.update(buffer, 0, read);
                out.write(buffer, 0, read);
            }
        }
        if (total != expected.size()) {
            throw JobFileException.mismatch("file " + expected.name() + ": " + total + " bytes arrived, "
                    + expected.size() + " were declared");
        }
        check(expected, JobFile.hex(digest.digest()));
    }

    /** Hashes a file already on disk and checks it. */
    static void verify(Path file, JobFile expected) throws IOException {
        long size = Files.size(file);
        if (size != expected.size()) {
            throw JobFileException.mismatch("file " + expected.name() + ": " + size + " bytes, " + expected.size()
                    + " were declared");
        }
        MessageDigest digest = sha256();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        check(expected, JobFile.hex(digest.digest()));
    }

    private static void check(JobFile expected, String actual) {
        if (!actual.equals(expected.sha256())) {
            throw JobFileException.mismatch("file " + expected.name() + ": SHA-256 mismatch (expected "
                    + expected.sha256() + ", got " + actual + ")");
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
