package io.taskrunner.agent.datasource;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.taskrunner.agent.task.TaskException;
import io.taskrunner.protocol.security.KeyFile;
import io.taskrunner.protocol.security.SecretBox;
import io.taskrunner.protocol.security.SecretBoxException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a password reference: {@code env:NAME} (an environment variable), {@code file:/path} (the first line
 * of a file) or {@code secret:NAME} (a string in the JSON object of the agent's {@code secrets.json}). Files are
 * read on every call, so an edited secret applies to the next connection. Error messages name the reference,
 * never a value. Thread-safe.
 *
 * <p>Values in {@code secrets.json} are kept encrypted ({@link SecretBox}, purpose {@code secret.<NAME>}). An
 * operator may write a new value as plaintext: it works at once, and the file is rewritten with every plaintext
 * value encrypted when the resolver starts and whenever it reads one.
 */
public final class SecretResolver {
    /** The file, inside the agent's data folder, that {@code secret:NAME} references read. */
    public static final String SECRETS_FILE = "secrets.json";

    private static final Logger LOG = LoggerFactory.getLogger(SecretResolver.class);

    private final Path secretsFile;
    private final Map<String, String> environment;
    private final Supplier<SecretBox> box;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * A resolver whose key is the file {@code secret.key} beside {@code secretsFile} (the agent's data folder),
     * created when first needed.
     *
     * @param secretsFile the JSON object {@code secret:NAME} reads; need not exist until such a reference is used
     * @param environment the variables {@code env:NAME} reads, usually {@link System#getenv()}
     */
    public SecretResolver(Path secretsFile, Map<String, String> environment) {
        this(secretsFile, environment, KeyFile.lazy(secretsFile.resolveSibling(KeyFile.FILE_NAME)));
    }

    /**
     * Encrypts the plaintext values of an existing {@code secretsFile} at once.
     *
     * @param box the agent's key; asked for only when a secret is read or written
     */
    public SecretResolver(Path secretsFile, Map<String, String> environment, Supplier<SecretBox> box) {
        this.secretsFile = Objects.requireNonNull(secretsFile, "secretsFile");
        this.environment = Map.copyOf(environment);
        this.box = Objects.requireNonNull(box, "box");
        if (Files.exists(secretsFile)) {
            try {
                sealPlaintext(readSecrets("secret:*"));
            } catch (TaskException e) {
                LOG.warn("cannot encrypt the plaintext secrets of {}: {}", secretsFile, e.getMessage());
            }
        }
    }

    /** A resolver for the agent's data folder and its own environment. */
    public static SecretResolver forDataDir(Path dataDir) {
        return new SecretResolver(dataDir.resolve(SECRETS_FILE), System.getenv());
    }

    /**
     * @throws TaskException naming the reference if it is malformed or what it points to is missing or unreadable
     */
    public String resolve(String reference) {
        Objects.requireNonNull(reference, "reference");
        int colon = reference.indexOf(':');
        String scheme = colon < 0 ? "" : reference.substring(0, colon);
        String name = colon < 0 ? "" : reference.substring(colon + 1);
        if (name.isEmpty()) {
            throw new TaskException("password reference '" + reference
                    + "' must be env:NAME, file:/path or secret:NAME");
        }
        return switch (scheme) {
            case "env" -> fromEnvironment(reference, name);
            case "file" -> fromFile(reference, Path.of(name));
            case "secret" -> fromSecretsFile(reference, name);
            default -> throw new TaskException("password reference '" + reference
                    + "' must be env:NAME, file:/path or secret:NAME");
        };
    }

    private String fromEnvironment(String reference, String name) {
        String value = environment.get(name);
        if (value == null) {
            throw new TaskException("password reference '" + reference + "': environment variable " + name
                    + " is not set");
        }
        return value;
    }

    private static String fromFile(String reference, Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = reader.readLine();
            if (line == null) {
                throw new TaskException("password reference '" + reference + "': " + file + " is empty");
            }
            // A BOM written by Windows editors is not part of the password.
            return line.startsWith("\uFEFF") ? line.substring(1) : line;
        } catch (NoSuchFileException e) {
            throw new TaskException("password reference '" + reference + "': " + file + " does not exist", e);
        } catch (IOException e) {
            throw new TaskException("password reference '" + reference + "': cannot read " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private String fromSecretsFile(String reference, String name) {
        ObjectNode secrets = readSecrets(reference);
        JsonNode value = secrets.get(name);
        if (value == null || value.isNull()) {
            throw new TaskException("password reference '" + reference + "': " + secretsFile + " has no secret '"
                    + name + "'");
        }
        if (!value.isTextual()) {
            throw new TaskException("password reference '" + reference + "': secret '" + name + "' in "
                    + secretsFile + " must be a string");
        }
        String text = value.textValue();
        if (!SecretBox.isSealed(text)) {
            sealPlaintext(secrets);
            return text;
        }
        try {
            return box.get().open(purpose(name), text);
        } catch (SecretBoxException e) {
            throw new TaskException("password reference '" + reference + "': " + e.getMessage(), e);
        }
    }

    /** Rewrites the file with every plaintext value sealed, owner-only and atomically; nothing when none is. */
    private void sealPlaintext(ObjectNode secrets) {
        boolean changed = false;
        for (Map.Entry<String, JsonNode> entry : secrets.properties()) {
            if (entry.getValue().isTextual() && !SecretBox.isSealed(entry.getValue().textValue())) {
                entry.setValue(secrets.textNode(box.get().seal(purpose(entry.getKey()),
                        entry.getValue().textValue())));
                changed = true;
            }
        }
        if (!changed) {
            return;
        }
        Path temporary = secretsFile.resolveSibling(secretsFile.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(temporary, mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(secrets));
            Files.move(temporary, secretsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("encrypted the plaintext values of {}", secretsFile);
        } catch (IOException e) {
            // The plaintext still works; the next read tries again.
            LOG.warn("cannot rewrite {} with its values encrypted: {}", secretsFile, e.getClass().getSimpleName());
        }
    }

    private static String purpose(String name) {
        return "secret." + name;
    }

    private ObjectNode readSecrets(String reference) {
        JsonNode secrets;
        try {
            secrets = mapper.readTree(secretsFile.toFile());
        } catch (JacksonException e) {
            // The parser's message may quote the file's content, so only say where it broke.
            JsonLocation where = e.getLocation();
            throw new TaskException("password reference '" + reference + "': " + secretsFile
                    + " is not valid JSON" + (where == null ? "" : " (line " + where.getLineNr() + ", column "
                    + where.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new TaskException("password reference '" + reference + "': cannot read " + secretsFile
                    + (Files.exists(secretsFile) ? ": " + e.getClass().getSimpleName() : " (it does not exist)"), e);
        }
        if (!(secrets instanceof ObjectNode object)) {
            throw new TaskException("password reference '" + reference + "': " + secretsFile
                    + " must hold a JSON object of names to strings");
        }
        return object;
    }
}
