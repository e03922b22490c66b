package io.taskrunner.agent.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

/** Reads and writes {@code agent.json} with the protocol's strict JSON rules. */
public final class SettingsFile {
    private final MessageCodec codec = new MessageCodec();

    public AgentSettings read(AgentPaths paths) {
        if (!Files.exists(paths.settingsFile())) {
            throw new AgentConfigException("not enrolled: " + paths.settingsFile() + " does not exist");
        }
        try {
            return codec.readValue(Files.readAllBytes(paths.settingsFile()), AgentSettings.class, "agent.json");
        } catch (ProtocolException e) {
            throw new AgentConfigException("invalid " + paths.settingsFile() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new AgentConfigException("cannot read " + paths.settingsFile() + ": " + e.getMessage(), e);
        }
    }

    public void write(AgentPaths paths, AgentSettings settings) {
        ObjectMapper mapper = codec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            Files.createDirectories(paths.dataDir());
            var temp = Files.createTempFile(paths.dataDir(), "agent", ".json.tmp");
            Files.write(temp, mapper.writeValueAsBytes(settings));
            Files.move(temp, paths.settingsFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new AgentConfigException("cannot write " + paths.settingsFile() + ": " + e.getMessage(), e);
        }
    }
}
