package io.taskrunner.console.service.broker;

import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Makes Artemis' logging fit an embedded broker. Applied when the broker starts; does nothing when SLF4J is not
 * bound to logback, and never overrides a level the logging configuration sets itself.
 */
final class ArtemisLogging {
    /** Parent of the audit loggers (.base, .resource, .message); at INFO they log every message and operation. */
    static final String AUDIT_LOGGERS = "org.apache.activemq.audit";

    private ArtemisLogging() {
    }

    static synchronized void apply() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return;
        }
        Logger audit = context.getLogger(AUDIT_LOGGERS);
        if (audit.getLevel() == null) {
            audit.setLevel(Level.WARN);
        }
        if (context.getTurboFilterList().stream().noneMatch(MissingDeadLetterAddressWarnings.class::isInstance)) {
            context.addTurboFilter(new MissingDeadLetterAddressWarnings());
        }
    }

    /**
     * Artemis warns "No Dead Letter Address / No Expiry Address configured" (AMQ222165, AMQ222166) for every queue
     * it creates, i.e. for every MQTT subscription. For MQTT, dropping dead and expired messages is the intended
     * behaviour, so these warnings only bury real ones. Actual drops are still logged (AMQ222150, AMQ222146).
     */
    static final class MissingDeadLetterAddressWarnings extends TurboFilter {
        @Override
        public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                Throwable t) {
            if (format != null && (format.startsWith("AMQ222165:") || format.startsWith("AMQ222166:"))) {
                return FilterReply.DENY;
            }
            return FilterReply.NEUTRAL;
        }
    }
}
