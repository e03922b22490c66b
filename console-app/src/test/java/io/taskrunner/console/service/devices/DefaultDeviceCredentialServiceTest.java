package io.taskrunner.console.service.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.taskrunner.console.persistence.Database;
import io.taskrunner.console.service.broker.DeviceDirectory.DeviceLoginOutcome;
import io.taskrunner.console.service.broker.MosquittoPasswordHash;
import io.taskrunner.console.service.broker.TopicFilter;
import io.taskrunner.console.service.fleet.AgentConnectionStatus;
import io.taskrunner.console.viewmodel.InMemoryFleetService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultDeviceCredentialServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T09:00:00Z"), ZoneOffset.UTC);
    /** Few iterations keep the tests fast; one test covers the default. */
    private static final int FAST_ITERATIONS = 1_000;
    private static final List<String> GRANTS = List.of("taskrunner/v1/agents/agent-x/trigger/+",
            "factory/line1/+/button");

    @TempDir
    Path dir;

    private Database database;
    private final InMemoryFleetService fleet = new InMemoryFleetService();
    private final List<String> changed = new CopyOnWriteArrayList<>();
    private DefaultDeviceCredentialService service;

    @BeforeEach
    void start() {
        database = Database.open(dir);
        fleet.put(InMemoryFleetService.agent("agent-x", AgentConnectionStatus.ONLINE, "pc-x", "Linux", 1.0, 2.0));
        service = new DefaultDeviceCredentialService(database, fleet, CLOCK, FAST_ITERATIONS);
        service.onCredentialChanged(changed::add);
    }

    @AfterEach
    void stop() {
        database.close();
    }

    @Test
    void create_returnsARandomUrlSafePasswordOnce_thatVerifies() {
        DevicePassword created = service.create("line1-button", "Line 1 start button", GRANTS).join();

        assertThat(created.password()).hasSize(32).matches("[A-Za-z0-9_-]+");
        assertThat(created.toString()).doesNotContain(created.password());
        assertThat(created.credential()).isEqualTo(new DeviceCredential("line1-button", "Line 1 start button",
                GRANTS, true, CLOCK.instant(), null));
        assertThat(service.list()).containsExactly(created.credential());
        assertThat(service.verify("line1-button", created.password())).isTrue();
        assertThat(changed).containsExactly("line1-button");

        DevicePassword another = service.create("line2-button", "", GRANTS).join();
        assertThat(another.password()).isNotEqualTo(created.password());
    }

    @Test
    void setAdhocAgents_grantsByName_survivesARestart_andRejectsBadIds() {
        service.create("operator-panel", "", List.of()).join();

        DeviceCredential granted = service.setAdhocAgents("operator-panel", List.of("agent-x", "agent-y")).join();

        assertThat(granted.adhocAgents()).containsExactly("agent-x", "agent-y");
        assertThat(service.grants("operator-panel").orElseThrow().adhocAgents())
                .containsExactlyInAnyOrder("agent-x", "agent-y");
        assertThat(changed).containsExactly("operator-panel", "operator-panel");
        DefaultDeviceCredentialService reopened = new DefaultDeviceCredentialService(database, fleet, CLOCK,
                FAST_ITERATIONS);
        assertThat(reopened.find("operator-panel").orElseThrow().adhocAgents()).containsExactly("agent-x", "agent-y");
        assertThatThrownBy(() -> service.setAdhocAgents("operator-panel", List.of("agent-x", "a/b")).join())
                .hasRootCauseInstanceOf(IllegalArgumentException.class).rootCause()
                .hasMessageStartingWith("adhocAgents[1]:");
        assertThatThrownBy(() -> service.setAdhocAgents("operator-panel", List.of("agent-x", "agent-x")).join())
                .rootCause().hasMessage("adhocAgents[1]: 'agent-x' is listed twice");
        assertThatThrownBy(() -> service.setAdhocAgents("nobody", List.of("agent-x")).join())
                .rootCause().hasMessageContaining("nobody");
        assertThat(service.setAdhocAgents("operator-panel", List.of()).join().adhocAgents()).isEmpty();
        assertThat(service.grants("operator-panel").orElseThrow().adhocAgents()).isEmpty();
    }

    @Test
    void verify_withAWrongPasswordOrName_isFalse() {
        String password = service.create("line1-button", "", GRANTS).join().password();

        assertThat(service.verify("line1-button", password + "x")).isFalse();
        assertThat(service.verify("line1-button", password.substring(1))).isFalse();
        assertThat(service.verify("line1-button", "")).isFalse();
        assertThat(service.verify("line1-button", null)).isFalse();
        assertThat(service.verify("line2-button", password)).isFalse();
        assertThat(service.login("line2-button", password)).isEqualTo(DeviceLoginOutcome.UNKNOWN);
        assertThat(service.login("line1-button", "nope")).isEqualTo(DeviceLoginOutcome.WRONG_PASSWORD);
        assertThat(service.verify("line1-button", password)).isTrue();
    }

    @Test
    void thePassword_isStoredOnlyAsASaltedHash() throws Exception {
        String password = service.create("line1-button", "", GRANTS).join().password();
        service.create("line2-button", "", GRANTS).join();

        List<String> rows = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT * FROM device_credentials ORDER BY name");
                ResultSet result = query.executeQuery()) {
            List<byte[]> salts = new ArrayList<>();
            while (result.next()) {
                byte[] hash = result.getBytes("password_hash");
                assertThat(hash).hasSize(32).isNotEqualTo(password.getBytes(StandardCharsets.UTF_8));
                assertThat(result.getString("password_algorithm")).isEqualTo("PBKDF2WithHmacSHA256");
                assertThat(result.getInt("password_iterations")).isEqualTo(FAST_ITERATIONS);
                salts.add(result.getBytes("password_salt"));
                for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                    rows.add(result.getString(column));
                }
            }
            assertThat(salts).hasSize(2).allSatisfy(salt -> assertThat(salt).hasSize(16));
            assertThat(Arrays.equals(salts.get(0), salts.get(1))).isFalse();
        }
        assertThat(rows).noneMatch(value -> value != null && value.contains(password));
    }

    @Test
    void passwords_useTheDefaultIterations_andVerifyWithTheIterationsStoredInTheirRow() throws Exception {
        DefaultDeviceCredentialService defaults = new DefaultDeviceCredentialService(database, fleet, CLOCK);
        String strong = defaults.create("strong-button", "", GRANTS).join().password();
        String fast = service.create("fast-button", "", GRANTS).join().password();

        assertThat(iterations("strong-button")).isEqualTo(120_000);
        assertThat(iterations("fast-button")).isEqualTo(FAST_ITERATIONS);
        DefaultDeviceCredentialService reopened = new DefaultDeviceCredentialService(database, fleet, CLOCK);
        assertThat(reopened.verify("strong-button", strong)).isTrue();
        assertThat(reopened.verify("fast-button", fast)).isTrue();
        assertThat(reopened.verify("fast-button", strong)).isFalse();
    }

    @Test
    void rotatePassword_replacesThePassword_atOnce() {
        String old = service.create("line1-button", "", GRANTS).join().password();
        assertThat(service.verify("line1-button", old)).isTrue();
        changed.clear();

        DevicePassword rotated = service.rotatePassword("line1-button").join();

        assertThat(rotated.password()).isNotEqualTo(old).hasSize(32);
        assertThat(service.verify("line1-button", old)).isFalse();
        assertThat(service.verify("line1-button", rotated.password())).isTrue();
        assertThat(changed).containsExactly("line1-button");
    }

    @Test
    void mosquittoPasswordHash_isMadeOnCreateAndRotate_andEmptyForPasswordsSetBefore() throws Exception {
        String created = service.create("line1-button", "", GRANTS).join().password();
        String first = service.mosquittoPasswordHash("line1-button").orElseThrow();
        assertThat(MosquittoPasswordHash.matches(first, created)).isTrue();

        String rotated = service.rotatePassword("line1-button").join().password();
        String second = service.mosquittoPasswordHash("line1-button").orElseThrow();
        assertThat(MosquittoPasswordHash.matches(second, rotated)).isTrue();
        assertThat(MosquittoPasswordHash.matches(second, created)).isFalse();

        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement clear = connection.prepareStatement(
                        "UPDATE device_credentials SET mosquitto_hash = NULL")) {
            clear.executeUpdate();
        }
        DefaultDeviceCredentialService reopened = new DefaultDeviceCredentialService(database, fleet, CLOCK,
                FAST_ITERATIONS);
        assertThat(reopened.mosquittoPasswordHash("line1-button")).isEmpty();
        assertThat(reopened.mosquittoPasswordHash("no-such-device")).isEmpty();
        assertThat(reopened.verify("line1-button", rotated)).isTrue();
    }

    @Test
    void disable_refusesTheDeviceAndDropsItsGrants_enableRestoresBoth() {
        String password = service.create("line1-button", "", GRANTS).join().password();
        assertThat(service.grants("line1-button")).isPresent();

        DeviceCredential disabled = service.setEnabled("line1-button", false).join();

        assertThat(disabled.enabled()).isFalse();
        assertThat(service.verify("line1-button", password)).isFalse();
        assertThat(service.login("line1-button", password)).isEqualTo(DeviceLoginOutcome.DISABLED);
        assertThat(service.grants("line1-button")).isEmpty();

        service.setEnabled("line1-button", true).join();
        assertThat(service.verify("line1-button", password)).isTrue();
        assertThat(service.grants("line1-button").orElseThrow().publish())
                .containsExactly(TopicFilter.parseMqtt(GRANTS.get(0), "f"), TopicFilter.parseMqtt(GRANTS.get(1), "f"));
    }

    @Test
    void delete_removesTheCredential() {
        String password = service.create("line1-button", "", GRANTS).join().password();

        assertThat(service.delete("line1-button").join()).isTrue();

        assertThat(service.verify("line1-button", password)).isFalse();
        assertThat(service.find("line1-button")).isEmpty();
        assertThat(service.list()).isEmpty();
        assertThat(service.delete("line1-button").join()).isFalse();
        assertThat(new DefaultDeviceCredentialService(database, fleet, CLOCK, FAST_ITERATIONS).list()).isEmpty();
    }

    @Test
    void changes_toAnUnknownCredential_failNamingTheName() {
        assertThat(failure(service.rotatePassword("ghost"))).hasMessage("name: there is no device credential "
                + "named 'ghost'");
        assertThat(failure(service.setEnabled("ghost", false))).hasMessageStartingWith("name: ");
    }

    @Test
    void create_refusesAgentIds_existingNames_andInvalidInput_namingTheField() {
        service.create("line1-button", "", GRANTS).join();
        changed.clear();

        assertThat(failure(service.create("agent-x", "", GRANTS))).hasMessageStartingWith("name: 'agent-x' is the "
                + "id of an agent");
        assertThat(failure(service.create("line1-button", "", GRANTS))).hasMessage("name: a device credential "
                + "named 'line1-button' exists already");
        assertThat(failure(service.create("console", "", GRANTS))).hasMessageStartingWith("name: ");
        assertThat(failure(service.create("d", "", List.of("taskrunner/v1/agents/agent-x/commands"))))
                .hasMessageStartingWith("publishFilters[0]: ");
        assertThat(changed).isEmpty();

        fleet.put(InMemoryFleetService.agent("agent-new", AgentConnectionStatus.ONLINE, "pc", "Linux", 1.0, 1.0));
        assertThat(failure(service.create("agent-new", "", GRANTS))).hasMessageStartingWith("name: 'agent-new'");
    }

    @Test
    void credentials_survive_aNewServiceOnTheSameDatabase() {
        DevicePassword created = service.create("line1-button", "door", GRANTS).join();
        service.setEnabled("line1-button", false).join();

        DefaultDeviceCredentialService reopened = new DefaultDeviceCredentialService(database, fleet, CLOCK,
                FAST_ITERATIONS);

        assertThat(reopened.find("line1-button")).hasValueSatisfying(credential -> {
            assertThat(credential.enabled()).isFalse();
            assertThat(credential.description()).isEqualTo("door");
            assertThat(credential.publishFilters()).isEqualTo(GRANTS);
        });
        reopened.setEnabled("line1-button", true).join();
        assertThat(reopened.verify("line1-button", created.password())).isTrue();
    }

    @Test
    void aSuccessfulLogin_isRecordedAsLastUse() {
        String password = service.create("line1-button", "", GRANTS).join().password();
        assertThat(service.find("line1-button").orElseThrow().lastUsedAt()).isNull();

        service.verify("line1-button", password);

        assertThat(service.find("line1-button").orElseThrow().lastUsedAt()).isEqualTo(CLOCK.instant());
        await().atMost(Duration.ofSeconds(10)).until(() -> new DefaultDeviceCredentialService(database, fleet, CLOCK,
                FAST_ITERATIONS).find("line1-button").orElseThrow().lastUsedAt() != null);
    }

    @Test
    void clientIds_ofTheConsoleAgentsAndOtherDevices_areReservedForDevices() {
        service.create("line1-button", "", GRANTS).join();
        service.create("line2-button", "", GRANTS).join();

        assertThat(service.isReservedClientId("line1-button", "console")).isTrue();
        assertThat(service.isReservedClientId("line1-button", "agent-x")).isTrue();
        assertThat(service.isReservedClientId("line1-button", "line2-button")).isTrue();
        assertThat(service.isReservedClientId("line1-button", "line1-button")).isFalse();
        assertThat(service.isReservedClientId("line1-button", "esp32-4711")).isFalse();
        fleet.put(InMemoryFleetService.agent("esp32-4711", AgentConnectionStatus.ONLINE, "pc", "Linux", 1.0, 1.0));
        assertThat(service.isReservedClientId("line1-button", "esp32-4711")).isTrue();
    }

    private int iterations(String name) throws Exception {
        try (Connection connection = database.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT password_iterations FROM device_credentials WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private static Throwable failure(CompletableFuture<?> future) {
        assertThatThrownBy(future::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        return future.handle((value, error) -> error instanceof CompletionException ? error.getCause() : error)
                .join();
    }
}
