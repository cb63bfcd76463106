package dev.parley.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlChangeTest {

    @TempDir
    Path directory;

    @Test
    void appliedStatementsRunInOrderAndTheirRowsSurviveAReopen() throws Exception {
        H2Database database = TestDatabases.open(directory);
        database.write(SqlChange.of("CREATE TABLE IF NOT EXISTS notes (id VARCHAR(10) PRIMARY KEY, at TIMESTAMP(3) WITH TIME ZONE, n INT)"));
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        int changed = database.write(new SqlChange(List.of(
                new SqlChange.Statement("MERGE INTO notes (id, at, n) KEY (id) VALUES (?, ?, ?)", List.of("a", at, 1)),
                new SqlChange.Statement("MERGE INTO notes (id, at, n) KEY (id) VALUES (?, ?, ?)", List.of("b", at, 2)))));
        assertEquals(2, changed);
        database.close();

        H2Database reopened = TestDatabases.open(directory);
        List<String> rows = reopened.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, at, n FROM notes ORDER BY id");
                    ResultSet row = select.executeQuery()) {
                List<String> found = new ArrayList<>();
                while (row.next()) {
                    found.add(row.getString(1) + Columns.getInstant(row, "at") + row.getInt(3));
                }
                return found;
            }
        });
        reopened.close();
        assertEquals(List.of("a" + at + "1", "b" + at + "2"), rows);
    }

    @Test
    void parametersOfUnknownTypesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SqlChange.of("SELECT ?", new Object()));
    }

    @Test
    void toStringShowsNoParameter() {
        assertEquals("SqlChange[UPDATE accounts SET ha1 = ?]", SqlChange.of("UPDATE accounts SET ha1 = ?", "secret").toString());
    }
}
