package io.taskrunner.console.service.devices;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Device passwords: generated at random (URL-safe, {@value #PASSWORD_LENGTH} characters, 192 bits), kept as a
 * salted PBKDF2-HMAC-SHA256 hash from the JDK, compared in constant time. Thread-safe.
 */
final class DevicePasswords {
    static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    static final int DEFAULT_ITERATIONS = 120_000;
    static final int SALT_BYTES = 16;
    static final int HASH_BITS = 256;
    private static final int RANDOM_BYTES = 24;
    static final int PASSWORD_LENGTH = RANDOM_BYTES / 3 * 4;
    private static final int MAX_PASSWORD_LENGTH = 1024;

    private final SecureRandom random = new SecureRandom();
    private final int iterations;

    DevicePasswords(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive, was " + iterations);
        }
        this.iterations = iterations;
    }

    String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    StoredPassword hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new StoredPassword(ALGORITHM, iterations, salt, pbkdf2(password, salt, iterations));
    }

    /** Whether {@code password} is the stored one; takes as long as hashing it with the stored iteration count. */
    static boolean matches(StoredPassword stored, String password) {
        if (password.isEmpty() || password.length() > MAX_PASSWORD_LENGTH) {
            return false; // never one of ours; and PBKDF2 refuses an empty password
        }
        if (!ALGORITHM.equals(stored.algorithm())) {
            throw new IllegalStateException("unknown password hash algorithm " + stored.algorithm());
        }
        return MessageDigest.isEqual(stored.hash(), pbkdf2(password, stored.salt(), stored.iterations()));
    }

    /**
     * A fast digest of a password that already matched, to recognise it again without the slow hash: Artemis logs
     * a connected device in again whenever its login cache entry expires (every 10 s). Safe to keep in memory only
     * because the passwords are 192 random bits, which no fast hash makes guessable.
     */
    static byte[] recognition(StoredPassword stored, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(stored.salt());
            return sha256.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("cannot hash this password: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
