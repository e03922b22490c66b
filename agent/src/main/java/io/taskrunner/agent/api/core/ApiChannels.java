package io.taskrunner.agent.api.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.engine.RunEngine;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.ChannelDefinition;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.message.ChannelStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channels created over the API, kept in {@code api-channels.json} in the data folder so they come back after a
 * restart. Channels of the definitions belong to the definitions: the API neither changes nor deletes them.
 */
public final class ApiChannels {
    public static final String FILE_NAME = "api-channels.json";
    private static final Logger LOG = LoggerFactory.getLogger(ApiChannels.class);

    private final RunEngine engine;
    private final DefinitionRegistry definitions;
    private final Path file;
    private final MessageCodec codec = new MessageCodec(1024 * 1024);
    private final Map<String, ChannelDefinition> created = new TreeMap<>();

    /** A channel as the API lists it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChannelView(String name, int workers, boolean distinct, String origin, int running, int queued,
            int delayed, long succeeded, long failed) {
    }

    record Contents(@JsonProperty("channels") List<ChannelDefinition> channels) {
        Contents {
            channels = channels == null ? List.of() : List.copyOf(channels);
        }
    }

    public ApiChannels(RunEngine engine, DefinitionRegistry definitions, Path dataDir) {
        this.engine = engine;
        this.definitions = definitions;
        this.file = dataDir.resolve(FILE_NAME);
    }

    /** Gives the engine the channels created before the last stop. */
    public synchronized void restore() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            codec.readValue(Files.readAllBytes(file), Contents.class, FILE_NAME).channels().forEach(channel -> {
                created.put(channel.name(), channel);
                if (definitions.current().channel(channel.name()).isEmpty()) {
                    engine.configureChannel(channel);
                }
            });
        } catch (IOException | ProtocolException e) {
            LOG.error("cannot restore the API's channels from {}: {}", file, e.getMessage());
        }
    }

    public synchronized List<ChannelView> list() {
        return engine.status().stream().map(this::view).toList();
    }

    /**
     * Creates the channel, or changes one created over the API; true when it is new.
     *
     * @throws ApiException 409 for a channel of the definitions or the default channel
     */
    public synchronized boolean put(ChannelDefinition channel) {
        if (channel.name().equals(TaskDefinition.DEFAULT_CHANNEL)
                || definitions.current().channel(channel.name()).isPresent()) {
            throw ApiException.conflict("channel-defined", "Channel belongs to the definitions", "channel '"
                    + channel.name() + "' is " + (channel.name().equals(TaskDefinition.DEFAULT_CHANNEL)
                    ? "the default channel" : "defined in the definitions") + "; change it there", null);
        }
        boolean fresh = created.put(channel.name(), channel) == null;
        engine.configureChannel(channel);
        save();
        return fresh;
    }

    /** @throws ApiException 404 unless created over the API, 409 while runs wait or run in it */
    public synchronized void delete(String name) {
        if (name.equals(TaskDefinition.DEFAULT_CHANNEL)) {
            throw ApiException.conflict("channel-defined", "Channel belongs to the definitions",
                    "the default channel cannot be deleted", null);
        }
        if (!created.containsKey(name)) {
            throw ApiException.notFound("unknown-channel", "Unknown channel", "no channel '" + name
                    + "' was created over the API");
        }
        if (!engine.removeChannel(name)) {
            throw ApiException.conflict("channel-busy", "Channel busy", "channel '" + name
                    + "' has runs waiting or running; cancel them or wait until they end", null);
        }
        created.remove(name);
        save();
    }

    private ChannelView view(ChannelStatus status) {
        ChannelDefinition own = definitions.current().channel(status.name()).orElse(null);
        String origin = own != null ? "definitions" : created.containsKey(status.name()) ? "api" : "implicit";
        ChannelDefinition settings = own != null ? own : created.get(status.name());
        return new ChannelView(status.name(), status.workers(), settings != null && settings.distinct(), origin,
                status.running(), status.queued(), status.delayed(), status.succeeded(), status.failed());
    }

    private void save() {
        try {
            Path temp = Files.createTempFile(file.getParent(), "api-channels", ".tmp");
            Files.write(temp, codec.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsBytes(new Contents(List.copyOf(created.values()))));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
