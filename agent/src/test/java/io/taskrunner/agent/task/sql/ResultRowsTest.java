package io.taskrunner.agent.task.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads rows from an in-memory H2 database, which lives inside this JVM. */
class ResultRowsTest {
    private Connection connection;

    @BeforeEach
    void open() throws Exception {
        connection = DriverManager.getConnection("jdbc:h2:mem:rows-" + UUID.randomUUID(), "sa", "");
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    private ResultRows.Page read(String query, int maxRows) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet results = statement.executeQuery(query)) {
            return ResultRows.read(results, maxRows);
        }
    }

    @Test
    void read_keepsNumbersAsNumbersAndDecimalsWithTheirScale() throws Exception {
        JsonNode row = read("SELECT 7 AS i, CAST(9000000000 AS BIGINT) AS big, CAST(1.50 AS DECIMAL(5,2)) AS dec,"
                + " CAST(2.5 AS DOUBLE PRECISION) AS dbl, CAST(3 AS SMALLINT) AS small, CAST(4 AS TINYINT) AS tiny",
                10).rows().get(0);

        assertThat(new ObjectMapper().writeValueAsString(row))
                .isEqualTo("{\"I\":7,\"BIG\":9000000000,\"DEC\":1.50,\"DBL\":2.5,\"SMALL\":3,\"TINY\":4}");
    }

    @Test
    void read_writesBooleansNullsAndText() throws Exception {
        JsonNode row = read("SELECT TRUE AS yes, CAST(NULL AS VARCHAR) AS nothing, 'text' AS words,"
                + " CAST('long' AS CLOB) AS clob", 10).rows().get(0);

        assertThat(row.get("YES").booleanValue()).isTrue();
        assertThat(row.get("NOTHING").isNull()).isTrue();
        assertThat(row.get("WORDS").textValue()).isEqualTo("text");
        assertThat(row.get("CLOB").textValue()).isEqualTo("long");
    }

    @Test
    void read_writesDatesAndTimesAsIso8601() throws Exception {
        JsonNode row = read("SELECT DATE '2025-01-02' AS d, TIME '03:04:05' AS t,"
                + " TIMESTAMP '2025-01-02 03:04:05.006' AS ts,"
                + " TIMESTAMP WITH TIME ZONE '2025-01-02 03:04:05+02:00' AS tz", 10).rows().get(0);

        assertThat(row.get("D").textValue()).isEqualTo("2025-01-02");
        assertThat(row.get("T").textValue()).isEqualTo("03:04:05");
        assertThat(row.get("TS").textValue()).isEqualTo("2025-01-02T03:04:05.006");
        assertThat(row.get("TZ").textValue()).isEqualTo("2025-01-02T03:04:05+02:00");
    }

    @Test
    void read_writesBinaryAsBase64AndArraysAsArrays() throws Exception {
        JsonNode row = read("SELECT X'01FF' AS bin, ARRAY[1, 2] AS arr", 10).rows().get(0);

        assertThat(row.get("BIN").textValue()).isEqualTo("Af8=");
        assertThat(row.get("ARR").toString()).isEqualTo("[1,2]");
    }

    @Test
    void read_writesNonFiniteDoublesAsText() throws Exception {
        JsonNode row = read("SELECT CAST('NaN' AS DOUBLE PRECISION) AS n", 10).rows().get(0);

        assertThat(row.get("N").textValue()).isEqualTo("NaN");
    }

    @Test
    void read_givesARepeatedLabelASuffix() throws Exception {
        JsonNode row = read("SELECT 1 AS id, 2 AS id, 3 AS id", 10).rows().get(0);

        assertThat(row.toString()).isEqualTo("{\"ID\":1,\"ID_2\":2,\"ID_3\":3}");
    }

    @Test
    void read_stopsAtMaxRowsAndSaysThereWereMore() throws Exception {
        ResultRows.Page page = read("SELECT X FROM SYSTEM_RANGE(1, 5)", 3);

        assertThat(page.rows()).hasSize(3);
        assertThat(page.truncated()).isTrue();
    }

    @Test
    void read_whenAllRowsFit_isNotTruncated() throws Exception {
        ResultRows.Page page = read("SELECT X FROM SYSTEM_RANGE(1, 3)", 3);

        assertThat(page.rows()).hasSize(3);
        assertThat(page.truncated()).isFalse();
    }
}
