package io.taskrunner.agent.desired;

import io.taskrunner.agent.engine.DefinitionRegistry;
import io.taskrunner.agent.events.EventLog;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.DefinitionReferences;
import io.taskrunner.protocol.message.DesiredApplied;
import io.taskrunner.protocol.message.DesiredBundle;
import io.taskrunner.protocol.security.CommandRejectedException;
import io.taskrunner.protocol.security.CommandVerifier;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the console's desired bundles: verified (signature, target, expiry), newer than the one in force, and
 * valid as a whole together with the agent's local definitions. Then it is written to disk and takes effect at
 * once; otherwise the agent keeps the bundle it has. Either way the console hears of it through the event log.
 * Called on the agent's command thread; not for concurrent use.
 */
public final class DesiredStateApplier {
    private static final Logger LOG = LoggerFactory.getLogger(DesiredStateApplier.class);

    private final CommandVerifier verifier;
    private final DefinitionRegistry definitions;
    private final DesiredStateFile file;
    private final EventLog events;
    private volatile long appliedVersion;

    public DesiredStateApplier(CommandVerifier verifier, DefinitionRegistry definitions, DesiredStateFile file,
            EventLog events) {
        this.verifier = verifier;
        this.definitions = definitions;
        this.file = file;
        this.events = events;
    }

    /** Puts the stored bundle back in force, before the agent connects; the console need not be there. */
    public void start() {
        file.read().ifPresent(bundle -> {
            definitions.setFromConsole(bundle.definitions());
            appliedVersion = bundle.version();
            LOG.info("running desired bundle version {} from {} tasks", bundle.version(),
                    bundle.definitions().tasks().size());
        });
    }

    /** The version in force; 0 before the first bundle. */
    public long appliedVersion() {
        return appliedVersion;
    }

    public void received(byte[] wire) {
        DesiredBundle bundle;
        try {
            bundle = verifier.verifyBundle(wire).body();
        } catch (CommandRejectedException e) {
            LOG.warn("refused a desired bundle: {}", e.getMessage());
            events.record(new DesiredApplied(0, false, e.field(), e.reason()));
            return;
        }
        if (bundle.version() <= appliedVersion) {
            if (bundle.version() < appliedVersion) {
                LOG.warn("ignoring desired bundle version {}: version {} is in force", bundle.version(),
                        appliedVersion);
            }
            return;
        }
        try {
            DefinitionReferences.check(definitions.local().overriddenBy(bundle.definitions()));
        } catch (ProtocolException e) {
            ProtocolException located = e.within("definitions");
            refuse(bundle, located.field(), located.reason());
            return;
        }
        try {
            file.write(bundle);
        } catch (IOException e) {
            refuse(bundle, null, "cannot store the bundle: " + e.getMessage());
            return;
        }
        definitions.setFromConsole(bundle.definitions());
        appliedVersion = bundle.version();
        LOG.info("applied desired bundle version {}", bundle.version());
        events.record(new DesiredApplied(bundle.version(), true, null, null));
    }

    private void refuse(DesiredBundle bundle, String field, String error) {
        LOG.warn("refused desired bundle version {}: {}; keeping version {}", bundle.version(), error,
                appliedVersion);
        events.record(new DesiredApplied(bundle.version(), false, field, error));
    }
}
