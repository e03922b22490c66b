package io.taskrunner.agent.desired;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskrunner.agent.config.AgentConfigException;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.message.DesiredBundle;
import io.taskrunner.protocol.security.DatasourceSecrets;
import io.taskrunner.protocol.security.KeyFile;
import io.taskrunner.protocol.security.SecretBox;
import io.taskrunner.protocol.security.SecretBoxException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The bundle the agent runs, kept as {@code desired.json} in its data folder so it runs the same definitions after a
 * restart with the console and broker gone. Replaced atomically: a crash leaves the old file or the new one. Inline
 * datasource passwords are encrypted in the file ({@link DatasourceSecrets}); a file from before encryption is read
 * as it is and rewritten encrypted.
 */
public final class DesiredStateFile {
    private final Path file;
    private final MessageCodec codec;
    private final Supplier<SecretBox> box;

    /** A file whose key is {@code secret.key} beside it (the agent's data folder), created when first needed. */
    public DesiredStateFile(Path file, MessageCodec codec) {
        this(file, codec, KeyFile.lazy(file.toAbsolutePath().resolveSibling(KeyFile.FILE_NAME)));
    }

    public DesiredStateFile(Path file, MessageCodec codec, Supplier<SecretBox> box) {
        this.file = file;
        this.codec = codec;
        this.box = box;
    }

    /** The stored bundle; empty when there is none yet. */
    public Optional<DesiredBundle> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode tree = codec.mapper().readTree(Files.readAllBytes(file));
            JsonNode definitions = tree == null ? null : tree.get("definitions");
            boolean plaintext = DatasourceSecrets.sealDefinitionSet(definitions == null ? null : definitions.deepCopy(),
                    box.get());
            DatasourceSecrets.openDefinitionSet(definitions, box.get());
            DesiredBundle bundle = codec.readValue(codec.mapper().writeValueAsBytes(tree), DesiredBundle.class,
                    "bundle");
            if (plaintext) {
                write(bundle);
            }
            return Optional.of(bundle);
        } catch (IOException e) {
            throw new AgentConfigException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (ProtocolException e) {
            throw new AgentConfigException(file + " is invalid: " + e.getMessage(), e);
        } catch (SecretBoxException e) {
            throw new AgentConfigException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the bundle with its inline datasource passwords encrypted. */
    public void write(DesiredBundle bundle) throws IOException {
        JsonNode tree = codec.mapper().valueToTree(bundle);
        DatasourceSecrets.sealDefinitionSet(tree.get("definitions"), box.get());
        byte[] json = codec.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(json));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
