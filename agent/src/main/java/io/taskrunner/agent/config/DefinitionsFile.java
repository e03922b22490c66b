package io.taskrunner.agent.config;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.DefinitionSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's local {@code definitions.json}: tasks, datasources and channels an operator wrote by hand, for an
 * agent with no console or beside it. Read with the wire contract's strict checks; an error names the field.
 */
public final class DefinitionsFile {
    private static final Logger LOG = LoggerFactory.getLogger(DefinitionsFile.class);
    private static final int MAX_BYTES = 16 * 1024 * 1024;

    private final MessageCodec codec;

    public DefinitionsFile(MessageCodec codec) {
        this.codec = new MessageCodec(Math.max(codec.maxBytes(), MAX_BYTES));
    }

    /**
     * @throws AgentConfigException naming the file and the field when the file is unreadable or invalid
     */
    public DefinitionSet read(Path file) {
        try {
            return codec.readValue(Files.readAllBytes(file), DefinitionSet.class, "definitions");
        } catch (IOException e) {
            throw new AgentConfigException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (ProtocolException e) {
            throw new AgentConfigException(file + " is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * The file's definitions, or none when it does not exist. An invalid file is logged and ignored, so a typo
     * in a local file does not keep the agent from its console and the console's definitions.
     */
    public DefinitionSet readIfPresent(Path file) {
        if (!Files.exists(file)) {
            return DefinitionSet.EMPTY;
        }
        try {
            DefinitionSet set = read(file);
            LOG.info("loaded {} tasks, {} datasources and {} channels from {}", set.tasks().size(),
                    set.datasources().size(), set.channels().size(), file);
            return set;
        } catch (AgentConfigException e) {
            LOG.error("ignoring local definitions: {}", e.getMessage());
            return DefinitionSet.EMPTY;
        }
    }
}
