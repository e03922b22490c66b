package io.taskrunner.agent.desired;

import io.taskrunner.agent.config.AgentConfigException;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.DesiredBundle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The bundle the agent runs, kept as {@code desired.json} in its data folder so it runs the same definitions after a
 * restart with the console and broker gone. Replaced atomically: a crash leaves the old file or the new one.
 */
public final class DesiredStateFile {
    private final Path file;
    private final MessageCodec codec;

    public DesiredStateFile(Path file, MessageCodec codec) {
        this.file = file;
        this.codec = codec;
    }

    /** The stored bundle; empty when there is none yet. */
    public Optional<DesiredBundle> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.readValue(Files.readAllBytes(file), DesiredBundle.class, "bundle"));
        } catch (IOException e) {
            throw new AgentConfigException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (ProtocolException e) {
            throw new AgentConfigException(file + " is invalid: " + e.getMessage(), e);
        }
    }

    public void write(DesiredBundle bundle) throws IOException {
        byte[] json = codec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(bundle);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(json));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
