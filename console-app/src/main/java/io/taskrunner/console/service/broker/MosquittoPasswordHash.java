package io.taskrunner.console.service.broker;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A password as Mosquitto 2.0 reads it from a {@code password_file}: {@code $7$<iterations>$<salt>$<hash>}, PBKDF2
 * with HMAC-SHA512, a 12-byte salt and a 64-byte hash, both in standard Base64 with padding (the format
 * {@code mosquitto_passwd} writes; Mosquitto drops a line whose salt or hash has another length). Made when a device
 * password is created or rotated, the only time the console holds the password itself. Thread-safe.
 */
public final class MosquittoPasswordHash {
    public static final String PREFIX = "$7$";
    /**
     * {@code mosquitto_passwd}'s own count. Mosquitto hashes on every CONNECT in its single network thread, and the
     * device passwords are 192 random bits, which no iteration count makes harder or easier to guess.
     */
    public static final int ITERATIONS = 101;
    static final int SALT_BYTES = 12;
    static final int HASH_BYTES = 64;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";

    private final SecureRandom random = new SecureRandom();

    /** The {@code $7$} line part for {@code password}, with a fresh salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return format(password, salt, ITERATIONS);
    }

    /** The {@code $7$} form of {@code password} with this salt and count; what Mosquitto compares against. */
    static String format(String password, byte[] salt, int iterations) {
        Base64.Encoder base64 = Base64.getEncoder();
        return PREFIX + iterations + "$" + base64.encodeToString(salt) + "$"
                + base64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /** True when {@code stored} (a {@code $7$} hash) is the hash of {@code password}; false for any other text. */
    public static boolean matches(String stored, String password) {
        Objects.requireNonNull(password, "password");
        Optional<Parsed> parsed = parse(stored);
        return parsed.isPresent() && MessageDigest.isEqual(parsed.get().hash(),
                pbkdf2(password, parsed.get().salt(), parsed.get().iterations()));
    }

    /** True when {@code text} has the shape Mosquitto accepts, without checking any password against it. */
    public static boolean isWellFormed(String text) {
        return parse(text).isPresent();
    }

    private static Optional<Parsed> parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Parsed parsed = new Parsed(Integer.parseInt(parts[0]), Base64.getDecoder().decode(parts[1]),
                    Base64.getDecoder().decode(parts[2]));
            return parsed.iterations() > 0 && parsed.salt().length == SALT_BYTES
                    && parsed.hash().length == HASH_BYTES ? Optional.of(parsed) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        // the JDK's PBKDF2 takes the password's UTF-8 bytes, as Mosquitto takes them from the CONNECT packet
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("cannot hash this password for Mosquitto: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }
}
