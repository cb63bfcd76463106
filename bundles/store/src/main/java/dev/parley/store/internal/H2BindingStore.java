package dev.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.store.BindingStore;

/** {@link BindingStore} on the embedded database. Lists come ordered by address of record, then contact. */
@Component(service = BindingStore.class)
public final class H2BindingStore implements BindingStore {

    private static final String COLUMNS = "aor, contact, expires_at, q, call_id, cseq, transport, source, path,"
            + " instance_id, reg_id, user_agent, updated";

    private final H2Database database;

    @Activate
    public H2BindingStore(@Reference H2Database database) {
        this.database = database;
    }

    @Override
    public List<Binding> find(SipAddress aor) {
        return database.read(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + COLUMNS + " FROM bindings WHERE aor = ? ORDER BY contact")) {
                select.setString(1, aor.uri());
                return toBindings(select);
            }
        });
    }

    @Override
    public List<Binding> all() {
        return database.read(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + COLUMNS + " FROM bindings ORDER BY aor, contact")) {
                return toBindings(select);
            }
        });
    }

    @Override
    public void update(SipAddress aor, Collection<Binding> upserts, Collection<String> removedContacts) {
        for (Binding binding : upserts) {
            if (!binding.aor().equals(aor)) {
                throw new IllegalArgumentException("binding of " + binding.aor() + " given for " + aor);
            }
        }
        database.write(connection -> {
            removeContacts(connection, aor, removedContacts);
            upsert(connection, upserts);
            return null;
        });
    }

    @Override
    public int deleteAll(SipAddress aor) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM bindings WHERE aor = ?")) {
                delete.setString(1, aor.uri());
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<Binding> deleteExpired(Instant now) {
        // one statement that deletes and returns exactly the rows it deleted (H2 data change delta table)
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM OLD TABLE (DELETE FROM bindings WHERE expires_at <= ?) ORDER BY aor, contact")) {
                Columns.setInstant(delete, 1, now);
                return toBindings(delete);
            }
        });
    }

    private static void removeContacts(Connection connection, SipAddress aor, Collection<String> contacts)
            throws SQLException {
        if (contacts.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection
                .prepareStatement("DELETE FROM bindings WHERE aor = ? AND contact = ?")) {
            for (String contact : contacts) {
                delete.setString(1, aor.uri());
                delete.setString(2, contact);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private static void upsert(Connection connection, Collection<Binding> bindings) throws SQLException {
        if (bindings.isEmpty()) {
            return;
        }
        try (PreparedStatement merge = connection.prepareStatement("MERGE INTO bindings (" + COLUMNS
                + ") KEY (aor, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Binding binding : bindings) {
                bind(merge, binding);
                merge.addBatch();
            }
            merge.executeBatch();
        }
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

    private static List<Binding> toBindings(PreparedStatement select) throws SQLException {
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
}
