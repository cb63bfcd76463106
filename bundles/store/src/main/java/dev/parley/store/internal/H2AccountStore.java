package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.common.SipAddress;
import dev.parley.store.AccountStore;
import dev.parley.store.StoreException;
import dev.parley.store.StoredAccount;

/** {@link AccountStore} on the embedded database: one primary-key statement per call. */
@Component(service = AccountStore.class)
public final class H2AccountStore implements AccountStore {

    /** SQLSTATE of a unique or primary key violation (the same in H2 and PostgreSQL). */
    private static final String DUPLICATE_KEY = "23505";
    private static final String COLUMNS = "domain, username, display_name, ha1_md5, ha1_sha256, enabled, created, updated";

    private final H2Database database;

    @Activate
    public H2AccountStore(@Reference H2Database database) {
        this.database = database;
    }

    @Override
    public boolean insert(StoredAccount account) {
        try {
            return database.write(connection -> {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO accounts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, account.address().domain());
                    insert.setString(2, account.address().user());
                    setValues(insert, 3, account);
                    return insert.executeUpdate() == 1;
                }
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && DUPLICATE_KEY.equals(sql.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<StoredAccount> find(SipAddress address) {
        return database.read(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + COLUMNS + " FROM accounts WHERE domain = ? AND username = ?")) {
                select.setString(1, address.domain());
                select.setString(2, address.user());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(toAccount(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredAccount> list() {
        return database.read(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + COLUMNS + " FROM accounts ORDER BY domain, username");
                    ResultSet row = select.executeQuery()) {
                List<StoredAccount> accounts = new ArrayList<>();
                while (row.next()) {
                    accounts.add(toAccount(row));
                }
                return accounts;
            }
        });
    }

    @Override
    public boolean update(StoredAccount account) {
        return database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE accounts SET display_name = ?,"
                    + " ha1_md5 = ?, ha1_sha256 = ?, enabled = ?, created = ?, updated = ?"
                    + " WHERE domain = ? AND username = ?")) {
                setValues(update, 1, account);
                update.setString(7, account.address().domain());
                update.setString(8, account.address().user());
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(SipAddress address) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection
                    .prepareStatement("DELETE FROM accounts WHERE domain = ? AND username = ?")) {
                delete.setString(1, address.domain());
                delete.setString(2, address.user());
                return delete.executeUpdate() == 1;
            }
        });
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

    private static StoredAccount toAccount(ResultSet row) throws SQLException {
        return new StoredAccount(new SipAddress(row.getString("username"), row.getString("domain")),
                row.getString("display_name"), row.getString("ha1_md5"), row.getString("ha1_sha256"),
                row.getBoolean("enabled"), Columns.getInstant(row, "created"), Columns.getInstant(row, "updated"));
    }
}
