package io.taskrunner.protocol.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The key that encrypts secrets at rest: 32 random bytes as one line of Base64, made on first use and readable by
 * its owner only (POSIX {@code 600}; on Windows an ACL granting the current user alone). A key file other users can
 * read (POSIX) is refused: anyone who can read it can read every secret it protects. Losing the file loses the
 * secrets, so it belongs in backups of the data folder (kept as privately as the folder).
 */
public final class KeyFile {
    /** The file name both console and agent use inside their data folder. */
    public static final String FILE_NAME = "secret.key";

    private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFile() {
    }

    /**
     * The box for the key in {@code file}, creating the file (and its folder) with a new key when it is missing.
     * Two processes starting at once end up with the same key: the file is linked into place only if absent.
     *
     * @throws SecretBoxException naming the file when it is readable by others, not a key, or cannot be written
     */
    public static SecretBox loadOrCreate(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.exists(file)) {
            create(file);
        }
        return new SecretBox(read(file));
    }

    /** Loads or creates the key on first {@code get()} only, for parts that may never need a secret. Thread-safe. */
    public static Supplier<SecretBox> lazy(Path file) {
        Objects.requireNonNull(file, "file");
        return new Supplier<>() {
            private volatile SecretBox box;

            @Override
            public SecretBox get() {
                SecretBox loaded = box;
                if (loaded == null) {
                    synchronized (this) {
                        if (box == null) {
                            box = loadOrCreate(file);
                        }
                        loaded = box;
                    }
                }
                return loaded;
            }
        };
    }

    /** True when POSIX permissions exist here and a group or other users have any access to the file. */
    public static boolean isAccessibleByOthers(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            return false;
        }
        Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
        return permissions.stream().anyMatch(OTHERS::contains);
    }

    private static byte[] read(Path file) {
        try {
            if (isAccessibleByOthers(file)) {
                String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
                throw new SecretBoxException("secret key file " + file + " can be read or changed by other users ("
                        + permissions + "); it must be owner-only: chmod 600 " + file);
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] key = Base64.getDecoder().decode(text);
            if (key.length != SecretBox.KEY_BYTES) {
                throw new SecretBoxException("secret key file " + file + " must hold " + SecretBox.KEY_BYTES
                        + " bytes as Base64, not " + key.length);
            }
            return key;
        } catch (NoSuchFileException e) {
            throw new SecretBoxException("secret key file " + file + " does not exist", e);
        } catch (IllegalArgumentException e) {
            throw new SecretBoxException("secret key file " + file + " is not Base64", e);
        } catch (IOException e) {
            throw new SecretBoxException("cannot read secret key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void create(Path file) {
        Path absolute = file.toAbsolutePath();
        byte[] key = new byte[SecretBox.KEY_BYTES];
        RANDOM.nextBytes(key);
        byte[] content = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path temporary = null;
        try {
            Files.createDirectories(absolute.getParent());
            temporary = createOwnerOnly(absolute.getParent());
            Files.write(temporary, content);
            try {
                // A hard link fails when the name exists: the first of two racing starts wins, the other reads it.
                Files.createLink(absolute, temporary);
            } catch (FileAlreadyExistsException e) {
                return;
            } catch (UnsupportedOperationException | IOException e) {
                if (!Files.exists(absolute)) {
                    Files.move(temporary, absolute);
                }
            }
        } catch (FileAlreadyExistsException e) {
            // Another process moved its key into place first; that one is read.
        } catch (IOException e) {
            throw new SecretBoxException("cannot create secret key file " + absolute + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    private static Path createOwnerOnly(Path folder) throws IOException {
        if (Files.getFileStore(folder).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return Files.createTempFile(folder, ".secret-", ".part",
                    PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
        }
        Path temporary = Files.createTempFile(folder, ".secret-", ".part");
        AclFileAttributeView acl = Files.getFileAttributeView(temporary, AclFileAttributeView.class);
        if (acl != null) {
            AclEntry ownerOnly = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(acl.getOwner())
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build();
            acl.setAcl(List.of(ownerOnly));
        }
        return temporary;
    }

    private static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // The key is in place; a leftover temporary name is harmless and owner-only.
        }
    }
}
