package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Conversions between Java values and the column types of the schema. */
final class Columns {

    private static final String PATH_SEPARATOR = "\n";

    private Columns() {
    }

    /** Timestamps are kept to the millisecond; finer parts are cut off, not rounded. */
    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
    }

    static Instant getInstant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** Path values cannot contain line breaks (they come from unfolded SIP header lines), so one per line. */
    static String encodePath(List<String> path) {
        for (String value : path) {
            if (value.isEmpty() || value.contains(PATH_SEPARATOR) || value.contains("\r")) {
                throw new IllegalArgumentException("a Path value must be non-empty and on one line: " + value);
            }
        }
        return String.join(PATH_SEPARATOR, path);
    }

    static List<String> decodePath(String encoded) {
        return encoded.isEmpty() ? List.of() : List.of(encoded.split(PATH_SEPARATOR));
    }
}
