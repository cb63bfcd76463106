package dev.parley.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades the schema: the scripts under {@code db/migration/}, applied in order, each recorded in
 * {@code schema_version}. H2 commits DDL implicitly, so the scripts are written to be re-runnable
 * ({@code IF NOT EXISTS}) should the process die between a script and its version row.
 */
final class Migrations {

    /** Every migration, oldest first. A script, once released, is never edited: add the next one. */
    static final List<String> SCRIPTS = List.of("V1__accounts_and_bindings.sql", "V2__call_history.sql",
            "V3__active_calls.sql", "V4__subscriptions.sql", "V5__messages.sql", "V6__presence.sql", "V7__voicemail.sql",
            "V8__call_leg_flows.sql", "V9__subscription_flows.sql");

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final String FOLDER = "/db/migration/";

    /** Applies the scripts not applied yet; returns how many it applied. */
    int apply(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY,"
                    + " script VARCHAR(200) NOT NULL, applied_at TIMESTAMP(3) WITH TIME ZONE NOT NULL)");
        }
        connection.commit();
        int current = currentVersion(connection);
        if (current > SCRIPTS.size()) {
            throw new SQLException("the database schema (version " + current
                    + ") is newer than this Parley store knows (" + SCRIPTS.size() + ")");
        }
        for (int version = current + 1; version <= SCRIPTS.size(); version++) {
            String script = SCRIPTS.get(version - 1);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(read(script))) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement insert = connection
                    .prepareStatement("INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
                insert.setInt(1, version);
                insert.setString(2, script);
                insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                insert.executeUpdate();
            }
            connection.commit();
            LOG.info("Applied schema migration {}", script);
        }
        checkpoint(connection);
        return SCRIPTS.size() - current;
    }

    /** Writes everything committed so far to the database file (H2 needs admin rights for it). */
    static Void checkpoint(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
        return null;
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Splits a script into statements: each ends with ';' at the end of a line; '--' lines are comments. */
    static List<String> statements(String script) {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(trimmed).append('\n');
            if (trimmed.endsWith(";")) {
                current.setLength(current.length() - 2);
                result.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            result.add(current.toString().strip());
        }
        return result;
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream(FOLDER + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the bundle: " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration script " + script, e);
        }
    }
}
