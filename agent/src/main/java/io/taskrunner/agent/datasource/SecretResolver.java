package io.taskrunner.agent.datasource;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.agent.task.TaskException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves a password reference: {@code env:NAME} (an environment variable), {@code file:/path} (the first line
 * of a file) or {@code secret:NAME} (a string in the JSON object of the agent's {@code secrets.json}). Files are
 * read on every call, so an edited secret applies to the next connection. Error messages name the reference,
 * never a value. Thread-safe.
 */
public final class SecretResolver {
    /** The file, inside the agent's data folder, that {@code secret:NAME} references read. */
    public static final String SECRETS_FILE = "secrets.json";

    private final Path secretsFile;
    private final Map<String, String> environment;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * @param secretsFile the JSON object {@code secret:NAME} reads; need not exist until such a reference is used
     * @param environment the variables {@code env:NAME} reads, usually {@link System#getenv()}
     */
    public SecretResolver(Path secretsFile, Map<String, String> environment) {
        this.secretsFile = Objects.requireNonNull(secretsFile, "secretsFile");
        this.environment = Map.copyOf(environment);
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
        if (secrets == null || !secrets.isObject()) {
            throw new TaskException("password reference '" + reference + "': " + secretsFile
                    + " must hold a JSON object of names to strings");
        }
        JsonNode value = secrets.get(name);
        if (value == null || value.isNull()) {
            throw new TaskException("password reference '" + reference + "': " + secretsFile + " has no secret '"
                    + name + "'");
        }
        if (!value.isTextual()) {
            throw new TaskException("password reference '" + reference + "': secret '" + name + "' in "
                    + secretsFile + " must be a string");
        }
        return value.textValue();
    }
}
