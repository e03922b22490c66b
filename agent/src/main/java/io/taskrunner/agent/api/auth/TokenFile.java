package io.taskrunner.agent.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.taskrunner.agent.config.AgentConfigException;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code api-tokens.json} in the agent's data folder: the API tokens by name, hashed. The {@code token} command
 * writes it (atomically, readable by its owner only); the running agent reads it again whenever it changes, so a
 * created or revoked token counts without a restart.
 */
public final class TokenFile {
    public static final String FILE_NAME = "api-tokens.json";

    private final Path file;
    private final MessageCodec codec = new MessageCodec(4 * 1024 * 1024);

    record Contents(@JsonProperty("tokens") List<ApiToken> tokens) {
        Contents {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }
    }

    public TokenFile(Path dataDir) {
        this.file = dataDir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** The tokens; none when the file does not exist. */
    public List<ApiToken> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return codec.readValue(Files.readAllBytes(file), Contents.class, FILE_NAME).tokens();
        } catch (ProtocolException | IllegalArgumentException e) {
            throw new AgentConfigException("invalid " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AgentConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes a token, stores its hash and returns the token itself: the only time it is ever seen.
     *
     * @throws IllegalArgumentException when a token of that name exists or the name or scopes are invalid
     */
    public String create(String name, List<String> scopes, Clock clock) {
        List<ApiToken> tokens = new ArrayList<>(read());
        if (tokens.stream().anyMatch(token -> token.name().equals(name))) {
            throw new IllegalArgumentException("a token named '" + name + "' exists already; revoke it first");
        }
        String secret = TokenHashes.newToken();
        tokens.add(new ApiToken(name, TokenHashes.sha256Hex(secret), scopes, clock.instant().toString()));
        write(tokens);
        return secret;
    }

    /** Deletes the token; false when there is none of that name. */
    public boolean revoke(String name) {
        List<ApiToken> tokens = new ArrayList<>(read());
        boolean removed = tokens.removeIf(token -> token.name().equals(name));
        if (removed) {
            write(tokens);
        }
        return removed;
    }

    private void write(List<ApiToken> tokens) {
        ObjectMapper mapper = codec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "api-tokens", ".tmp");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            Files.write(temp, mapper.writeValueAsBytes(new Contents(tokens)));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new AgentConfigException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
