package dev.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A write given as plain SQL statements with parameters, journaled as such: lets a store add tables without a
 * journal record type of its own. Replayed by running the same statements in the same order, so they must be
 * idempotent given the rows they touch (MERGE with full rows, UPDATE to absolute values, DELETE by key), never
 * relative ({@code count = count + 1}).
 *
 * <p>
 * Parameters may be {@code null}, {@link String}, {@link Integer}, {@link Long}, {@link Boolean}, {@link Double},
 * {@link Instant} (kept to the millisecond) or {@code byte[]}.
 */
final class SqlChange implements Change<Integer> {

    /** One statement and its parameters, in placeholder order. */
    record Statement(String sql, List<Object> parameters) {
        Statement {
            Objects.requireNonNull(sql);
            parameters = new ArrayList<>(parameters); // nulls allowed, so not List.copyOf
            for (Object parameter : parameters) {
                if (parameter != null && !SUPPORTED.contains(parameter.getClass())) {
                    throw new IllegalArgumentException("unsupported SQL parameter type " + parameter.getClass());
                }
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Statement that && sql.equals(that.sql)
                    && Arrays.deepEquals(parameters.toArray(), that.parameters.toArray());
        }

        @Override
        public int hashCode() {
            return 31 * sql.hashCode() + Arrays.deepHashCode(parameters.toArray());
        }
    }

    static final List<Class<?>> SUPPORTED = List.of(String.class, Integer.class, Long.class, Boolean.class,
            Double.class, Instant.class, byte[].class);

    private final List<Statement> statements;

    SqlChange(List<Statement> statements) {
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a change needs at least one statement");
        }
        this.statements = List.copyOf(statements);
    }

    /** A change of one statement. */
    static SqlChange of(String sql, Object... parameters) {
        return new SqlChange(List.of(new Statement(sql, Arrays.asList(parameters))));
    }

    List<Statement> statements() {
        return statements;
    }

    /** Runs every statement in order; returns the total count of rows they changed. */
    @Override
    public Integer apply(Connection connection) throws SQLException {
        int changed = 0;
        for (Statement statement : statements) {
            try (PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
                for (int i = 0; i < statement.parameters().size(); i++) {
                    bind(prepared, i + 1, statement.parameters().get(i));
                }
                changed += prepared.executeUpdate();
            }
        }
        return changed;
    }

    @Override
    public boolean changed(Integer rows) {
        return rows > 0;
    }

    private static void bind(PreparedStatement prepared, int index, Object value) throws SQLException {
        if (value == null) {
            prepared.setNull(index, Types.NULL);
        } else if (value instanceof Instant instant) {
            Columns.setInstant(prepared, index, instant);
        } else {
            prepared.setObject(index, value);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SqlChange that && statements.equals(that.statements);
    }

    @Override
    public int hashCode() {
        return statements.hashCode();
    }

    @Override
    public String toString() {
        return "SqlChange" + statements.stream().map(Statement::sql).toList(); // parameters may hold secrets
    }
}
