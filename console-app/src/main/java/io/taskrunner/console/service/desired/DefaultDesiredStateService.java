package io.taskrunner.console.service.desired;

import io.taskrunner.console.service.commands.CommandSender;
import io.taskrunner.console.service.fleet.AgentSnapshot;
import io.taskrunner.console.service.fleet.FleetService;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.Topics;
import io.taskrunner.protocol.codec.MessageCodec;
import io.taskrunner.protocol.definition.DefinitionReferences;
import io.taskrunner.protocol.definition.DefinitionSet;
import io.taskrunner.protocol.definition.TaskDefinition;
import io.taskrunner.protocol.definition.schedule.FireTimes;
import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import io.taskrunner.protocol.message.DesiredApplied;
import io.taskrunner.protocol.message.DesiredBundle;
import io.taskrunner.protocol.security.CommandVerifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desired state in H2, published through the console's broker connection. Each bundle also names the agent's groups
 * (sorted), so a label change changes the bundle and a deploy tells the agent which groups' commands to take.
 */
public final class DefaultDesiredStateService implements DesiredStateService {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultDesiredStateService.class);
    /** Bundles are signed for as long as an agent accepts (retained, they wait for agents that are away). */
    static final Duration BUNDLE_LIFETIME = CommandVerifier.MAX_LIFETIME.minusDays(1);
    /** Bundles older than this are signed afresh, so an agent that returns after weeks still finds a valid one. */
    static final Duration REFRESH_AFTER = Duration.ofDays(7);

    private final DefinitionRepository definitions;
    private final BundleRepository bundles;
    private final BundleComposer composer;
    private final FleetService fleet;
    private final CommandSender sender;
    private final GroupMembership membership;
    private final Clock clock;
    private final Object deployLock = new Object();

    public DefaultDesiredStateService(io.taskrunner.console.persistence.Database database, FleetService fleet,
            CommandSender sender, MessageCodec codec, Clock clock) {
        this(database, fleet, sender, codec, clock, GroupMembership.load(database));
    }

    /** @param membership the in-memory group membership the broker uses; kept current here */
    public DefaultDesiredStateService(io.taskrunner.console.persistence.Database database, FleetService fleet,
            CommandSender sender, MessageCodec codec, Clock clock, GroupMembership membership) {
        this.membership = membership;
        this.definitions = new DefinitionRepository(database);
        this.bundles = new BundleRepository(database);
        int sealed = definitions.sealPlaintext() + bundles.sealPlaintext();
        if (sealed > 0) {
            LOG.info("encrypted the inline datasource passwords of {} stored definitions and bundles", sealed);
        }
        this.composer = new BundleComposer(codec);
        this.fleet = fleet;
        this.sender = sender;
        this.clock = clock;
    }

    @Override
    public void put(Object definition) {
        DefinitionKind kind = DefinitionKind.of(Objects.requireNonNull(definition, "definition"));
        definitions.put(kind, kind.nameOf(definition), composer.json(definition), clock.instant());
    }

    @Override
    public void putJson(DefinitionKind kind, String json) {
        Object definition;
        try {
            definition = composer.read(kind, json);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        put(definition);
    }

    @Override
    public boolean remove(DefinitionKind kind, String name) {
        return definitions.remove(kind, name);
    }

    @Override
    public List<String> names(DefinitionKind kind) {
        return definitions.names(Objects.requireNonNull(kind, "kind"));
    }

    @Override
    public Optional<TaskDefinition> task(String name) {
        return definitions.json(DefinitionKind.TASK, Objects.requireNonNull(name, "name"))
                .map(json -> (TaskDefinition) composer.read(DefinitionKind.TASK, json));
    }

    @Override
    public void assign(DefinitionKind kind, String name, Target target) {
        requireExists(kind, name);
        definitions.assign(kind, name, target, true);
    }

    @Override
    public void unassign(DefinitionKind kind, String name, Target target) {
        requireExists(kind, name);
        definitions.assign(kind, name, target, false);
    }

    @Override
    public void setLabels(String agentId, Set<String> groups, Set<String> tags) {
        AgentLabels checked = new AgentLabels(agentId, groups, tags);
        checked.groups().forEach(group -> Topics.checkLevel(group, "group"));
        checked.tags().forEach(tag -> Topics.checkLevel(tag, "tag"));
        definitions.setLabels(agentId, checked.groups(), checked.tags());
        membership.labelled(agentId, checked.groups());
    }

    /** Who is in which group, from memory. */
    public GroupMembership membership() {
        return membership;
    }

    @Override
    public Map<String, AgentLabels> labels() {
        return definitions.labels();
    }

    @Override
    public DefinitionSet bundleFor(String agentId) {
        return composer.compose(definitions.all(), labelsOf(agentId, definitions.labels()));
    }

    @Override
    public List<AgentChange> dryRun() {
        return plan().stream().map(Planned::change).toList();
    }

    @Override
    public CompletableFuture<List<AgentChange>> deploy() {
        synchronized (deployLock) {
            List<Planned> plan = plan();
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (Planned planned : plan) {
                if (planned.change().problem() != null || !planned.publish()) {
                    continue;
                }
                long version = planned.previous() == null ? 1 : planned.previous().version() + 1;
                String agentId = planned.change().agentId();
                sent.add(sender.publishDesired(agentId, new DesiredBundle(version, planned.set(), planned.groups()),
                        BUNDLE_LIFETIME).thenRun(() -> {
                            bundles.published(agentId, version, planned.hash(), planned.json(), planned.groups(),
                                    clock.instant());
                            LOG.info("published desired bundle version {} to {}", version, agentId);
                        }));
            }
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .thenApply(done -> plan.stream().map(Planned::change).toList());
        }
    }

    /**
     * Signs and publishes again, at the same version, every bundle published longer ago than
     * {@link #REFRESH_AFTER}; agents that run it already ignore it.
     */
    public CompletableFuture<Void> refreshAgingBundles() {
        Instant cutoff = clock.instant().minus(REFRESH_AFTER);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (BundleRepository.Published published : bundles.all().values()) {
            if (published.publishedAt().isBefore(cutoff)) {
                DesiredBundle bundle = new DesiredBundle(published.version(), composer.parse(published.definitionsJson()),
                        published.groups());
                sent.add(sender.publishDesired(published.agentId(), bundle, BUNDLE_LIFETIME).thenRun(() ->
                        bundles.published(published.agentId(), published.version(), published.contentHash(),
                                published.definitionsJson(), published.groups(), clock.instant())));
            }
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /**
     * Signs the agent's current bundle afresh and publishes it again at the same version, e.g. with the key it
     * trusts after a key rotation; the agent, which runs it already, keeps it. Completes at once when it has none.
     */
    public CompletableFuture<Void> republish(String agentId) {
        BundleRepository.Published published = bundles.all().get(agentId);
        if (published == null) {
            return CompletableFuture.completedFuture(null);
        }
        DesiredBundle bundle = new DesiredBundle(published.version(), composer.parse(published.definitionsJson()),
                published.groups());
        return sender.publishDesired(agentId, bundle, BUNDLE_LIFETIME).thenRun(() -> bundles.published(agentId,
                published.version(), published.contentHash(), published.definitionsJson(), published.groups(),
                clock.instant()));
    }

    @Override
    public List<ZonedDateTime> nextFireTimes(String name, ZoneId zone, int count) {
        String json = definitions.json(DefinitionKind.SCHEDULE, name)
                .orElseThrow(() -> new IllegalArgumentException("name: there is no schedule named '" + name + "'"));
        return nextFireTimes((ScheduleDefinition) composer.read(DefinitionKind.SCHEDULE, json), zone, count);
    }

    @Override
    public List<ZonedDateTime> nextFireTimes(ScheduleDefinition schedule, ZoneId zone, int count) {
        return FireTimes.nextFireTimes(Objects.requireNonNull(schedule, "schedule"), clock.instant(), count,
                Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public List<AgentBundleStatus> status() {
        Map<String, BundleRepository.Published> published = bundles.all();
        List<AgentBundleStatus> status = new ArrayList<>();
        for (AgentSnapshot agent : fleet.agents()) {
            BundleRepository.Published bundle = published.get(agent.agentId());
            status.add(bundle == null
                    ? new AgentBundleStatus(agent.agentId(), agent.online(), 0, 0, null, null, null)
                    : new AgentBundleStatus(agent.agentId(), agent.online(), bundle.version(), bundle.appliedVersion(),
                            bundle.refusedVersion(), bundle.refusedField(), bundle.refusedError()));
        }
        return status;
    }

    /** The event ingest hands over an agent's answer, inside its transaction. */
    public void answered(Connection connection, String agentId, DesiredApplied answer, Instant at)
            throws SQLException {
        bundles.answered(connection, agentId, answer, at).ifPresent(groups -> membership.applied(agentId, groups));
    }

    private record Planned(AgentChange change, DefinitionSet set, List<String> groups, String json, String hash,
            BundleRepository.Published previous, boolean publish) {
    }

    private List<Planned> plan() {
        List<DefinitionRepository.Stored> all = definitions.all();
        Map<String, AgentLabels> labels = definitions.labels();
        Map<String, BundleRepository.Published> published = bundles.all();
        List<Planned> plan = new ArrayList<>();
        for (AgentSnapshot agent : fleet.agents()) {
            AgentLabels agentLabels = labelsOf(agent.agentId(), labels);
            DefinitionSet set = composer.compose(all, agentLabels);
            List<String> groups = List.copyOf(new TreeSet<>(agentLabels.groups()));
            String json = composer.json(set);
            String hash = BundleComposer.hash(json, groups);
            BundleRepository.Published previous = published.get(agent.agentId());
            String problem = null;
            try {
                DefinitionReferences.check(set);
            } catch (ProtocolException e) {
                problem = "definitions." + e.getMessage();
            }
            Map<String, String> before = previous == null ? Map.of() : composer.byName(composer.parse(
                    previous.definitionsJson()), previous.groups());
            Map<String, String> after = composer.byName(set, groups);
            List<String> added = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            for (Map.Entry<String, String> entry : after.entrySet()) {
                String old = before.get(entry.getKey());
                if (old == null) {
                    added.add(entry.getKey());
                } else if (!old.equals(entry.getValue())) {
                    changed.add(entry.getKey());
                }
            }
            List<String> removed = new ArrayList<>(new TreeSet<>(before.keySet()));
            removed.removeAll(after.keySet());
            boolean publish = previous == null ? !after.isEmpty() : !previous.contentHash().equals(hash);
            plan.add(new Planned(new AgentChange(agent.agentId(), agent.online(), added, changed, removed, problem),
                    set, groups, json, hash, previous, publish));
        }
        return plan;
    }

    private static AgentLabels labelsOf(String agentId, Map<String, AgentLabels> labels) {
        return labels.getOrDefault(agentId, new AgentLabels(agentId, Set.of(), Set.of()));
    }

    private void requireExists(DefinitionKind kind, String name) {
        if (!definitions.exists(kind, name)) {
            throw new IllegalArgumentException("name: there is no " + kind.wire() + " named '" + name + "'");
        }
    }
}
