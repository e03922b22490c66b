package io.taskrunner.agent.update;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The last self-update as recorded in {@code versions/update.properties}: from which version to which, how often
 * the new one was started without coming online, and how it ended. A properties file, read with the JDK alone,
 * because the launcher reads it before any of the agent's libraries are chosen.
 *
 * @param from   the version folder that ran before ({@code ""}: the installed agent)
 * @param to     the version folder of the update
 * @param starts how often the launcher started {@code to} while the update was pending
 * @param reason why it was rolled back, else {@code ""}
 */
public record UpdateState(String from, String to, Status status, int starts, String reason) {

    /** Where an update stands. */
    public enum Status {
        /** Staged and switched to; not yet online. */
        PENDING,
        /** The new version reached its broker. */
        CONFIRMED,
        /** The new version did not come online; the launcher runs {@code from} again. */
        ROLLED_BACK
    }

    static UpdateState pending(String from, String to) {
        return new UpdateState(from, to, Status.PENDING, 0, "");
    }

    UpdateState started() {
        return new UpdateState(from, to, status, starts + 1, reason);
    }

    UpdateState confirmed() {
        return new UpdateState(from, to, Status.CONFIRMED, starts, "");
    }

    UpdateState rolledBack(String why) {
        return new UpdateState(from, to, Status.ROLLED_BACK, starts, why);
    }

    static Optional<UpdateState> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        try {
            return Optional.of(new UpdateState(properties.getProperty("from", ""), properties.getProperty("to", ""),
                    Status.valueOf(properties.getProperty("status", "").toUpperCase(Locale.ROOT)),
                    Integer.parseInt(properties.getProperty("starts", "0")), properties.getProperty("reason", "")));
        } catch (IllegalArgumentException e) {
            throw new IOException("unreadable update record " + file + ": " + e.getMessage(), e);
        }
    }

    /** Written to a temporary file and moved in place, so a crash leaves the old record or the new one. */
    void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("from", from);
        properties.setProperty("to", to);
        properties.setProperty("status", status.name().toLowerCase(Locale.ROOT));
        properties.setProperty("starts", Integer.toString(starts));
        properties.setProperty("reason", reason);
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            properties.store(out, "TaskRunner agent self-update");
        }
        AgentVersions.moveInPlace(partial, file);
    }
}
