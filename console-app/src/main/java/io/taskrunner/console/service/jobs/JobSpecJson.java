package io.taskrunner.console.service.jobs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import io.taskrunner.console.persistence.PersistenceException;
import io.taskrunner.protocol.codec.MessageCodec;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.Function;

/**
 * A {@link JobSpec} as JSON for the {@code jobs} table: the task definition as the wire contract writes it, times
 * as ISO-8601 text and the zone as its id.
 */
final class JobSpecJson {
    private final ObjectMapper mapper;

    JobSpecJson(MessageCodec codec) {
        SimpleModule times = new SimpleModule("job-times");
        times.addSerializer(Instant.class, new AsText<>(Instant.class));
        times.addDeserializer(Instant.class, new FromText<>(Instant.class, Instant::parse));
        times.addSerializer(ZoneId.class, new AsText<>(ZoneId.class));
        times.addDeserializer(ZoneId.class, new FromText<>(ZoneId.class, ZoneId::of));
        this.mapper = codec.mapper().copy().registerModule(times);
    }

    String write(JobSpec spec) {
        try {
            return mapper.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new PersistenceException("cannot write the job spec as JSON: " + e.getMessage(), e);
        }
    }

    JobSpec read(String json) {
        try {
            return mapper.readValue(json, JobSpec.class);
        } catch (JsonProcessingException e) {
            throw new PersistenceException("stored job spec is not readable: " + e.getMessage(), e);
        }
    }

    private static final class AsText<T> extends StdScalarSerializer<T> {
        private static final long serialVersionUID = 1L;

        AsText(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(value.toString());
        }
    }

    private static final class FromText<T> extends StdScalarDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final transient Function<String, T> parse;

        FromText(Class<T> type, Function<String, T> parse) {
            super(type);
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return parse.apply(parser.getValueAsString());
        }
    }
}
