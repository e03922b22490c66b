package io.taskrunner.console.service.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner can read, written atomically. On file systems without POSIX permissions (Windows) files
 * inherit the folder's ACL, which for the user's profile folder is already private to the user.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    public static void writeOwnerOnly(Path file, String content) {
        writeOwnerOnly(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes under a temporary name created owner-only (so the content is never readable by others, not even
     * briefly) and then moves it into place, so a reader never sees half a file.
     */
    public static void writeOwnerOnly(Path file, byte[] content) {
        Path folder = file.toAbsolutePath().getParent();
        try {
            createPrivateFolders(folder);
            Path temporary = POSIX
                    ? Files.createTempFile(folder, ".tmp-", ".part", PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))
                    : Files.createTempFile(folder, ".tmp-", ".part");
            try {
                Files.write(temporary, content);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new PkiException("Cannot write " + file, e);
        }
    }

    public static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new PkiException("Cannot read " + file, e);
        }
    }

    /** Creates missing folders; those it creates are private to their owner (where POSIX). */
    public static void createPrivateFolders(Path folder) {
        if (Files.isDirectory(folder)) {
            return;
        }
        FileAttribute<?>[] attributes = POSIX
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FOLDER)}
                : new FileAttribute<?>[0];
        try {
            Files.createDirectories(folder, attributes);
        } catch (IOException e) {
            throw new PkiException("Cannot create folder " + folder, e);
        }
    }

    /** True when POSIX permissions exist here and the file is readable or writable by anyone but its owner. */
    static boolean isReadableByOthers(Path file) {
        if (!POSIX) {
            return false;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            return !OWNER_READ_WRITE.containsAll(permissions);
        } catch (IOException e) {
            throw new PkiException("Cannot read the permissions of " + file, e);
        }
    }
}
