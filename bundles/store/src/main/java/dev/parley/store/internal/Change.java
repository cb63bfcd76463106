package dev.parley.store.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One write to the database, as a value: {@link H2Database#write} runs it in a transaction and, when it changed
 * something, records it in the {@link Journal} so that it can be replayed after a crash.
 *
 * @param <T> what the write returns to its caller
 */
interface Change<T> {

    /** Applies the change as the caller asked for it. */
    T apply(Connection connection) throws SQLException;

    /**
     * Applies the change again from the journal, on a database that may already hold it or later changes. Changes
     * are replayed in their original order, so writing full rows (upsert) and deleting by key is enough.
     */
    default void replay(Connection connection) throws SQLException {
        apply(connection);
    }

    /** Whether {@code result} means the database changed (and the change must be journaled). */
    default boolean changed(T result) {
        return true;
    }
}
