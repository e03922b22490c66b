package io.taskrunner.console.service.broker;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/** Log levels Artemis needs in an embedded broker, applied unless the logging configuration already sets them. */
final class ArtemisLogging {
    /** Parent of the audit loggers (.base, .resource, .message); at INFO they log every message and operation. */
    static final String AUDIT_LOGGERS = "org.apache.activemq.audit";

    private ArtemisLogging() {
    }

    static void quietAuditLoggers() {
        if (LoggerFactory.getLogger(AUDIT_LOGGERS) instanceof Logger audit && audit.getLevel() == null) {
            audit.setLevel(Level.WARN);
        }
    }
}
