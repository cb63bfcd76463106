package dev.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import dev.parley.api.common.SipAddress;
import dev.parley.store.StoredAccount;

/** The accounts table: its columns, row mapping and the changes written to it. */
final class AccountTable {

    static final String COLUMNS = "domain, username, display_name, ha1_md5, ha1_sha256, enabled, created, updated";

    /** SQLSTATE of a unique or primary key violation (the same in H2 and PostgreSQL). */
    private static final String DUPLICATE_KEY = "23505";
    private static final String VALUES = " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private AccountTable() {
    }

    /** Inserts a new account; false if the address is taken. Replayed as an upsert. */
    record Insert(StoredAccount account) implements Change<Boolean> {
        @Override
        public Boolean apply(Connection connection) throws SQLException {
            try {
                return execute(connection, "INSERT INTO accounts (" + COLUMNS + ")" + VALUES, account) == 1;
            } catch (SQLException e) {
                if (DUPLICATE_KEY.equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        }

        @Override
        public void replay(Connection connection) throws SQLException {
            upsert(connection, account);
        }

        @Override
        public boolean changed(Boolean inserted) {
            return inserted;
        }
    }

    /** Replaces an existing account's row; false if there is none. Replayed as an upsert. */
    record Update(StoredAccount account) implements Change<Boolean> {
        @Override
        public Boolean apply(Connection connection) throws SQLException {
            try (PreparedStatement update = connection.prepareStatement("UPDATE accounts SET display_name = ?,"
                    + " ha1_md5 = ?, ha1_sha256 = ?, enabled = ?, created = ?, updated = ?"
                    + " WHERE domain = ? AND username = ?")) {
                setValues(update, 1, account);
                update.setString(7, account.address().domain());
                update.setString(8, account.address().user());
                return update.executeUpdate() == 1;
            }
        }

        @Override
        public void replay(Connection connection) throws SQLException {
            upsert(connection, account);
        }

        @Override
        public boolean changed(Boolean updated) {
            return updated;
        }
    }

    record Delete(SipAddress address) implements Change<Boolean> {
        @Override
        public Boolean apply(Connection connection) throws SQLException {
            try (PreparedStatement delete = connection
                    .prepareStatement("DELETE FROM accounts WHERE domain = ? AND username = ?")) {
                delete.setString(1, address.domain());
                delete.setString(2, address.user());
                return delete.executeUpdate() == 1;
            }
        }

        @Override
        public boolean changed(Boolean deleted) {
            return deleted;
        }
    }

    static StoredAccount toAccount(ResultSet row) throws SQLException {
        return new StoredAccount(new SipAddress(row.getString("username"), row.getString("domain")),
                row.getString("display_name"), row.getString("ha1_md5"), row.getString("ha1_sha256"),
                row.getBoolean("enabled"), Columns.getInstant(row, "created"), Columns.getInstant(row, "updated"));
    }

    private static void upsert(Connection connection, StoredAccount account) throws SQLException {
        execute(connection, "MERGE INTO accounts (" + COLUMNS + ") KEY (domain, username)" + VALUES, account);
    }

    private static int execute(Connection connection, String sql, StoredAccount account) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, account.address().domain());
            statement.setString(2, account.address().user());
            setValues(statement, 3, account);
            return statement.executeUpdate();
        }
    }

    /** Binds the six non-key columns, from display_name to updated, starting at {@code first}. */
    private static void setValues(PreparedStatement statement, int first, StoredAccount account) throws SQLException {
        statement.setString(first, account.displayName());
        statement.setString(first + 1, account.ha1Md5());
        statement.setString(first + 2, account.ha1Sha256());
        statement.setBoolean(first + 3, account.enabled());
        Columns.setInstant(statement, first + 4, account.created());
        Columns.setInstant(statement, first + 5, account.updated());
    }
}
