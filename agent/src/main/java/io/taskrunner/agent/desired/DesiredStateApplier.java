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
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the console's desired bundles: verified (signature, target, expiry), newer than the one in force, and
 * valid as a whole together with the agent's local definitions. Then it is written to disk and takes effect at
 * once; otherwise the agent keeps the bundle it has. Either way the console hears of it through the event log.
 * The bundle also says which groups the agent is in ({@link #groups()}): it takes commands addressed to those groups.
 * Called on the agent's command thread; not for concurrent use (but {@link #groups()} may be read from any thread).
 */
public final class DesiredStateApplier {
    private static final Logger LOG = LoggerFactory.getLogger(DesiredStateApplier.class);

    private final CommandVerifier verifier;
    private final DefinitionRegistry definitions;
    private final DesiredStateFile file;
    private final EventLog events;
    private volatile long appliedVersion;
    private volatile Set<String> groups = Set.of();
    private final List<Consumer<Set<String>>> groupListeners = new CopyOnWriteArrayList<>();

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
            groups = Set.copyOf(bundle.groups());
            LOG.info("running desired bundle version {} from {} tasks{}", bundle.version(),
                    bundle.definitions().tasks().size(), groups.isEmpty() ? "" : ", in groups " + bundle.groups());
        });
    }

    /** The groups of the bundle in force; empty before the first bundle. */
    public Set<String> groups() {
        return groups;
    }

    /**
     * Calls {@code listener} with the groups in force now, and again with each bundle that changes them (on the
     * command thread, before the bundle is reported applied).
     */
    public void onGroupsChanged(Consumer<Set<String>> listener) {
        groupListeners.add(listener);
        listener.accept(groups);
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
        changeGroups(Set.copyOf(bundle.groups()));
        LOG.info("applied desired bundle version {}", bundle.version());
        events.record(new DesiredApplied(bundle.version(), true, null, null));
    }

    private void changeGroups(Set<String> now) {
        if (now.equals(groups)) {
            return;
        }
        LOG.info("groups changed from {} to {}", new TreeSet<>(groups), new TreeSet<>(now));
        groups = now;
        for (Consumer<Set<String>> listener : groupListeners) {
            try {
                listener.accept(now);
            } catch (RuntimeException e) {
                LOG.error("a listener of the agent's groups failed", e);
            }
        }
    }

    private void refuse(DesiredBundle bundle, String field, String error) {
        LOG.warn("refused desired bundle version {}: {}; keeping version {}", bundle.version(), error,
                appliedVersion);
        events.record(new DesiredApplied(bundle.version(), false, field, error));
    }
}
