package io.taskrunner.agent.config;

import io.taskrunner.protocol.message.KeyRotateCommand;
import io.taskrunner.protocol.message.KeyRotated;
import io.taskrunner.protocol.security.Ed25519Keys;
import io.taskrunner.protocol.security.TrustedKeys;
import java.security.PublicKey;
import java.util.Optional;

/**
 * The console command-signing key this agent trusts: the one in {@code agent.json}, replaced when the console
 * announces its next key ({@code key.rotate}, which the verifier accepted only under the key trusted now). Exactly
 * one key is trusted at a time, so once the agent holds the new key, every command and bundle signed with the old
 * one is refused. The new key is written to {@code agent.json} (atomically) before it counts, so a restart keeps
 * it. Thread-safe: the command and bundle verifiers read it for every message.
 */
public final class ConsoleKeys implements TrustedKeys {
    private final AgentPaths paths;
    private final SettingsFile settingsFile = new SettingsFile();
    private volatile Trusted trusted;

    private ConsoleKeys(AgentPaths paths, Trusted trusted) {
        this.paths = paths;
        this.trusted = trusted;
    }

    /** The key in {@code settings} (read from {@code paths}' {@code agent.json}), which rotations rewrite. */
    public static ConsoleKeys load(AgentPaths paths, AgentSettings settings) {
        PublicKey key = Ed25519Keys.publicKeyFromBase64(settings.consoleSigningKey());
        return new ConsoleKeys(paths, new Trusted(Ed25519Keys.keyId(key), key));
    }

    @Override
    public Optional<PublicKey> find(String keyId) {
        Trusted now = trusted;
        return now.keyId().equals(keyId) ? Optional.of(now.key()) : Optional.empty();
    }

    /** The id of the key trusted now. */
    public String keyId() {
        return trusted.keyId();
    }

    /**
     * Stores the announced key in {@code agent.json} and trusts only it from now on.
     *
     * @throws IllegalArgumentException when the key is not an Ed25519 public key, its id does not match, or it is
     *                                  the key trusted already
     * @throws AgentConfigException     when {@code agent.json} cannot be rewritten (the old key stays trusted)
     */
    public synchronized KeyRotated rotate(KeyRotateCommand announced) {
        PublicKey key = Ed25519Keys.publicKeyFromBase64(announced.publicKey());
        String keyId = Ed25519Keys.keyId(key);
        if (!keyId.equals(announced.keyId())) {
            throw new IllegalArgumentException("keyId " + announced.keyId() + " is not the id of the announced key ("
                    + keyId + ")");
        }
        String previousKeyId = trusted.keyId();
        if (keyId.equals(previousKeyId)) {
            throw new IllegalArgumentException("key " + keyId + " is the key this agent trusts already");
        }
        // read afresh so an edit made to agent.json since the start is kept
        AgentSettings settings = settingsFile.read(paths);
        settingsFile.write(paths, settings.withConsoleSigningKey(Ed25519Keys.publicKeyBase64(key)));
        trusted = new Trusted(keyId, key);
        return new KeyRotated(keyId, previousKeyId);
    }

    private record Trusted(String keyId, PublicKey key) {
    }
}
