package io.taskrunner.console.service.apitokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes Fleet API tokens and their hashes. A token is {@value #PREFIX} and 32 random bytes in base64url (47
 * characters); SHA-256 is enough for 256 random bits, a slow password hash would buy nothing.
 */
public final class TokenSecrets {
    /** Lets people and secret scanners recognise a console token in a file or a paste. */
    public static final String PREFIX = "trc_";
    public static final int LENGTH = PREFIX.length() + 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    public static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The SHA-256 of the token's UTF-8 text: what is stored, and the key callbacks are signed with. */
    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether {@code presented} has the shape of a token at all (checked before any hashing or lookup). */
    public static boolean looksLikeToken(String presented) {
        return presented != null && presented.length() == LENGTH && presented.startsWith(PREFIX);
    }
}
