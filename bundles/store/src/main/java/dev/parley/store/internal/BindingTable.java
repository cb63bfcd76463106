package dev.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;

/** The bindings table: its columns, row mapping and the changes written to it. */
final class BindingTable {

    static final String COLUMNS = "aor, contact, expires_at, q, call_id, cseq, transport, source, path,"
            + " instance_id, reg_id, user_agent, updated";

    private BindingTable() {
    }

    /** One REGISTER's changes to an address of record: contacts removed, bindings inserted or replaced. */
    record Update(SipAddress aor, List<Binding> upserts, List<String> removedContacts) implements Change<Integer> {
        Update {
            upserts = List.copyOf(upserts);
            removedContacts = List.copyOf(removedContacts);
            for (Binding binding : upserts) {
                if (!binding.aor().equals(aor)) {
                    throw new IllegalArgumentException("binding of " + binding.aor() + " given for " + aor);
                }
            }
        }

        @Override
        public Integer apply(Connection connection) throws SQLException {
            if (!removedContacts.isEmpty()) {
                try (PreparedStatement delete = connection
                        .prepareStatement("DELETE FROM bindings WHERE aor = ? AND contact = ?")) {
                    for (String contact : removedContacts) {
                        delete.setString(1, aor.uri());
                        delete.setString(2, contact);
                        delete.addBatch();
                    }
                    delete.executeBatch();
                }
            }
            if (!upserts.isEmpty()) {
                try (PreparedStatement merge = connection.prepareStatement("MERGE INTO bindings (" + COLUMNS
                        + ") KEY (aor, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (Binding binding : upserts) {
                        bind(merge, binding);
                        merge.addBatch();
                    }
                    merge.executeBatch();
                }
            }
            return upserts.size() + removedContacts.size();
        }
    }

    record DeleteAll(SipAddress aor) implements Change<Integer> {
        @Override
        public Integer apply(Connection connection) throws SQLException {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM bindings WHERE aor = ?")) {
                delete.setString(1, aor.uri());
                return delete.executeUpdate();
            }
        }

        @Override
        public boolean changed(Integer deleted) {
            return deleted > 0;
        }
    }

    record DeleteExpired(Instant now) implements Change<List<Binding>> {
        @Override
        public List<Binding> apply(Connection connection) throws SQLException {
            // one statement that deletes and returns exactly the rows it deleted (H2 data change delta table)
            try (PreparedStatement delete = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM OLD TABLE (DELETE FROM bindings WHERE expires_at <= ?) ORDER BY aor, contact")) {
                Columns.setInstant(delete, 1, now);
                return toBindings(delete);
            }
        }

        @Override
        public boolean changed(List<Binding> deleted) {
            return !deleted.isEmpty();
        }
    }

    static List<Binding> toBindings(PreparedStatement select) throws SQLException {
        List<Binding> bindings = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                bindings.add(new Binding(SipAddress.parse(row.getString("aor")), row.getString("contact"),
                        Columns.getInstant(row, "expires_at"), row.getFloat("q"), row.getString("call_id"),
                        row.getLong("cseq"), row.getString("transport"), row.getString("source"),
                        Columns.decodePath(row.getString("path")), row.getString("instance_id"),
                        row.getInt("reg_id"), row.getString("user_agent"), Columns.getInstant(row, "updated")));
            }
        }
        return bindings;
    }

    private static void bind(PreparedStatement statement, Binding binding) throws SQLException {
        statement.setString(1, binding.aor().uri());
        statement.setString(2, binding.contact());
        Columns.setInstant(statement, 3, binding.expiresAt());
        statement.setFloat(4, binding.q());
        statement.setString(5, binding.callId());
        statement.setLong(6, binding.cseq());
        statement.setString(7, binding.transport());
        statement.setString(8, binding.source());
        statement.setString(9, Columns.encodePath(binding.path()));
        setNullable(statement, 10, binding.instanceId());
        statement.setInt(11, binding.regId());
        setNullable(statement, 12, binding.userAgent());
        Columns.setInstant(statement, 13, binding.updated());
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
