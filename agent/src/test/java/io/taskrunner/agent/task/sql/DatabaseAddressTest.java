package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.task.TaskException;
import org.junit.jupiter.api.Test;

class DatabaseAddressTest {

    @Test
    void postgresql_readsHostPortDatabaseAndOptions() {
        DatabaseAddress address = DatabaseAddress.postgresql(
                "jdbc:postgresql://db.example:6543/sales?user=backup&password=p%40ss&ssl=true");

        assertThat(address.host()).isEqualTo("db.example");
        assertThat(address.port()).isEqualTo(6543);
        assertThat(address.database()).isEqualTo("sales");
        assertThat(address.properties()).containsEntry("user", "backup").containsEntry("password", "p@ss")
                .containsEntry("ssl", "true");
    }

    @Test
    void postgresql_defaultsThePort() {
        DatabaseAddress address = DatabaseAddress.postgresql("jdbc:postgresql://127.0.0.1/test");

        assertThat(address.port()).isEqualTo(5432);
    }

    @Test
    void postgresql_readsTheShortFormAsLocalhost() {
        DatabaseAddress address = DatabaseAddress.postgresql("jdbc:postgresql:test");

        assertThat(address.host()).isEqualTo("localhost");
        assertThat(address.port()).isEqualTo(5432);
        assertThat(address.database()).isEqualTo("test");
    }

    @Test
    void postgresql_takesTheFirstOfSeveralHosts() {
        DatabaseAddress address = DatabaseAddress.postgresql("jdbc:postgresql://a:1111,b:2222/test");

        assertThat(address.host()).isEqualTo("a");
        assertThat(address.port()).isEqualTo(1111);
    }

    @Test
    void postgresql_readsAnIpv6Host() {
        DatabaseAddress address = DatabaseAddress.postgresql("jdbc:postgresql://[::1]:5433/test");

        assertThat(address.host()).isEqualTo("::1");
        assertThat(address.port()).isEqualTo(5433);
    }

    @Test
    void postgresql_whenNoDatabaseIsNamed_failsWithoutShowingTheOptions() {
        assertThatThrownBy(() -> DatabaseAddress.postgresql("jdbc:postgresql://h:5432/?password=hidden"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("names no database")
                .hasMessageNotContaining("hidden");
    }

    @Test
    void postgresql_whenThePortIsNotANumber_saysSo() {
        assertThatThrownBy(() -> DatabaseAddress.postgresql("jdbc:postgresql://h:abc/test"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("'abc'")
                .hasMessageContaining("not a port number");
    }

    @Test
    void mariadb_readsHostPortAndDatabase() {
        DatabaseAddress address = DatabaseAddress.mariadb("jdbc:mariadb://127.0.0.1:3307/test?user=root");

        assertThat(address.host()).isEqualTo("127.0.0.1");
        assertThat(address.port()).isEqualTo(3307);
        assertThat(address.database()).isEqualTo("test");
        assertThat(address.properties()).containsEntry("user", "root");
    }

    @Test
    void mariadb_readsMysqlAndHaModeUrlsWithTheDefaultPort() {
        assertThat(DatabaseAddress.mariadb("jdbc:mysql://h/shop").port()).isEqualTo(3306);
        assertThat(DatabaseAddress.mariadb("jdbc:mariadb:replication://primary,replica/shop").host())
                .isEqualTo("primary");
    }

    @Test
    void mariadb_whenTheAddressFormIsUsed_asksForTheSimpleOne() {
        assertThatThrownBy(() -> DatabaseAddress.mariadb("jdbc:mariadb://address=(host=h)(port=3306)/db"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("jdbc:mariadb://host:port/database");
    }

    @Test
    void sqlserver_readsServerPortAndDatabaseName() {
        DatabaseAddress address = DatabaseAddress.sqlserver(
                "jdbc:sqlserver://sql.example:1434;databaseName=erp;user=sa;encrypt=false");

        assertThat(address.host()).isEqualTo("sql.example");
        assertThat(address.port()).isEqualTo(1434);
        assertThat(address.database()).isEqualTo("erp");
        assertThat(address.properties()).containsEntry("user", "sa");
    }

    @Test
    void sqlserver_defaultsThePortAndAcceptsDatabase() {
        DatabaseAddress address = DatabaseAddress.sqlserver("jdbc:sqlserver://sql;database=erp");

        assertThat(address.port()).isEqualTo(1433);
        assertThat(address.database()).isEqualTo("erp");
    }

    @Test
    void sqlserver_leavesANamedInstanceToTheBrowserService() {
        DatabaseAddress address = DatabaseAddress.sqlserver("jdbc:sqlserver://sql\\EXPRESS;databaseName=erp");

        assertThat(address.host()).isEqualTo("sql\\EXPRESS");
        assertThat(address.port()).isZero();
    }

    @Test
    void sqlserver_whenNoDatabaseIsNamed_saysSoWithoutTheProperties() {
        assertThatThrownBy(() -> DatabaseAddress.sqlserver("jdbc:sqlserver://sql;password=hidden"))
                .isInstanceOf(TaskException.class)
                .hasMessageContaining("names no database")
                .hasMessageNotContaining("hidden");
    }
}
