package io.taskrunner.protocol.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts single secret values for storage (AES-256-GCM, a random 96-bit nonce per value). A sealed value is text:
 * {@code enc:v1:} then Base64 of nonce and ciphertext with its tag. The purpose (for example
 * {@code datasource.password}) is the associated data, so a value copied into another field does not open there.
 * Thread-safe; a {@link Cipher} is made per call.
 */
public final class SecretBox {
    /** Starts every sealed value; the version names the algorithm and layout. */
    public static final String PREFIX = "enc:v1:";
    public static final int KEY_BYTES = 32;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param key 32 random bytes; copied */
    public SecretBox(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length != KEY_BYTES) {
            throw new SecretBoxException("a secret key must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** A box with a new random key, for tests and first starts. */
    public static SecretBox withRandomKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return new SecretBox(key);
    }

    /** Whether the value looks sealed (starts with {@link #PREFIX}); null is not. */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** The value encrypted for {@code purpose}; a new nonce each call, so equal values seal differently. */
    public String seal(String purpose, String plaintext) {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(plaintext, "plaintext of " + purpose);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, purpose, nonce);
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            ByteBuffer sealed = ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext);
            return PREFIX + Base64.getEncoder().encodeToString(sealed.array());
        } catch (GeneralSecurityException e) {
            throw new SecretBoxException("cannot encrypt " + purpose + ": " + e.getMessage(), e);
        }
    }

    /**
     * The plaintext of a value {@link #seal}ed for the same purpose with the same key.
     *
     * @throws SecretBoxException naming the purpose when the value is not sealed, was changed, was sealed for another
     *                            purpose or with another key
     */
    public String open(String purpose, String sealed) {
        Objects.requireNonNull(purpose, "purpose");
        if (!isSealed(sealed)) {
            throw new SecretBoxException(purpose + " is not an encrypted value (it must start with " + PREFIX + ")");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new SecretBoxException(purpose + " is not valid Base64 after " + PREFIX, e);
        }
        if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SecretBoxException(purpose + " is too short to be an encrypted value");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, purpose, Arrays.copyOf(bytes, NONCE_BYTES));
            byte[] plaintext = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SecretBoxException(purpose + " cannot be decrypted: it was changed, or encrypted with another "
                    + "key or for another field", e);
        } catch (GeneralSecurityException e) {
            throw new SecretBoxException("cannot decrypt " + purpose + ": " + e.getMessage(), e);
        }
    }

    /** Opens a sealed value and passes anything else (plaintext from before encryption, null) through unchanged. */
    public String openIfSealed(String purpose, String value) {
        return isSealed(value) ? open(purpose, value) : value;
    }

    /** Seals a value unless it already is sealed; null stays null. */
    public String sealIfPlain(String purpose, String value) {
        return value == null || isSealed(value) ? value : seal(purpose, value);
    }

    private Cipher cipher(int mode, String purpose, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public String toString() {
        return "SecretBox[key hidden]";
    }
}
