package dev.parley.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.api.common.SipAddress;
import dev.parley.store.StoreException;
import dev.parley.store.StoredAccount;

class H2DatabaseTest {

    @TempDir
    Path directory;

    @Test
    void requiredSettingsAreAddedToAUrlWithoutThem() {
        assertEquals("jdbc:h2:file:/x/db;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=128",
                H2Database.withRequiredSettings("jdbc:h2:file:/x/db"));
    }

    @Test
    void settingsTheOperatorGaveAreKept() {
        assertEquals("jdbc:h2:file:/x/db;db_close_on_exit=TRUE;QUERY_CACHE_SIZE=128",
                H2Database.withRequiredSettings("jdbc:h2:file:/x/db;db_close_on_exit=TRUE"));
    }

    @Test
    void defaultUrlLiesUnderKarafData() {
        String previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", directory.toString());
        try {
            assertEquals("jdbc:h2:file:" + directory.resolve("parley/parley"), H2Database.defaultUrl());
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }
    }

    @Test
    void theJournalLiesBesideALocalDatabaseFile() {
        assertEquals(Optional.of(Path.of("/x/db.journal")), H2Database.journalDirectory("jdbc:h2:file:/x/db;A=B"));
        assertEquals(Optional.of(Path.of("/x/db.journal")), H2Database.journalDirectory("jdbc:h2:/x/db"));
        assertEquals(Optional.empty(), H2Database.journalDirectory("jdbc:h2:mem:test"));
        assertEquals(Optional.empty(), H2Database.journalDirectory("jdbc:h2:tcp://localhost/~/test"));
    }

    @Test
    void dataSurvivesReopeningAndMigrationsRunOnce() {
        H2Database first = TestDatabases.open(directory);
        StoredAccount alice = new StoredAccount(new SipAddress("alice", "example.org"), "Alice", "a".repeat(32),
                "b".repeat(64), true, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));
        new H2AccountStore(first).insert(alice);
        first.close();

        H2Database second = TestDatabases.open(directory);
        try {
            assertEquals(List.of(alice), new H2AccountStore(second).list());
            assertEquals(Migrations.SCRIPTS.size(), count(second, "SELECT COUNT(*) FROM schema_version"));
        } finally {
            second.close();
        }
    }

    @Test
    void aSchemaNewerThanTheCodeIsRefused() {
        H2Database database = TestDatabases.open(directory);
        database.read(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("INSERT INTO schema_version VALUES (99, 'V99__future.sql', NOW())");
            }
        });
        database.close();

        StoreException refused = assertThrows(StoreException.class, () -> TestDatabases.open(directory));
        assertEquals(true, refused.getMessage().contains("newer"), refused.getMessage());
    }

    @Test
    void everyScriptInTheMigrationFolderIsListedInOrder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            List<String> found = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(found, Migrations.SCRIPTS);
        }
        for (int i = 0; i < Migrations.SCRIPTS.size(); i++) {
            assertEquals(true, Migrations.SCRIPTS.get(i).startsWith("V" + (i + 1) + "__"));
        }
    }

    @Test
    void scriptsSplitIntoStatementsWithoutComments() {
        String script = "-- a comment\nCREATE TABLE a (\n  x INT\n);\n\nCREATE INDEX i ON a (x);\n";

        assertEquals(List.of("CREATE TABLE a (\nx INT\n)", "CREATE INDEX i ON a (x)"), Migrations.statements(script));
    }

    private static long count(H2Database database, String sql) {
        return database.read(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
                row.next();
                return row.getLong(1);
            }
        });
    }
}
