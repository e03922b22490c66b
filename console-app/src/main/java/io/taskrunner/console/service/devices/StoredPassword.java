package io.taskrunner.console.service.devices;

import java.util.Objects;

/**
 * A password as the console keeps it: a PBKDF2 hash with its algorithm, iteration count and salt, so the count can
 * be raised for new passwords while old rows still verify. Holds no password; arrays are copied in and out.
 */
final class StoredPassword {
    private final String algorithm;
    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    StoredPassword(String algorithm, int iterations, byte[] salt, byte[] hash) {
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive, was " + iterations);
        }
        this.iterations = iterations;
        this.salt = salt.clone();
        this.hash = hash.clone();
    }

    String algorithm() {
        return algorithm;
    }

    int iterations() {
        return iterations;
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] hash() {
        return hash.clone();
    }

    @Override
    public String toString() {
        return "StoredPassword[" + algorithm + ", " + iterations + " iterations]";
    }
}
