package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.common.SipAddress;
import dev.parley.store.AccountStore;
import dev.parley.store.StoredAccount;

/** {@link AccountStore} on the embedded database: one primary-key statement per call. */
@Component(service = AccountStore.class)
public final class H2AccountStore implements AccountStore {

    private final H2Database database;

    @Activate
    public H2AccountStore(@Reference(name = "database") H2Database database) {
        this.database = database;
    }

    @Override
    public boolean insert(StoredAccount account) {
        return database.write(new AccountTable.Insert(account));
    }

    @Override
    public Optional<StoredAccount> find(SipAddress address) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + AccountTable.COLUMNS + " FROM accounts WHERE domain = ? AND username = ?")) {
                select.setString(1, address.domain());
                select.setString(2, address.user());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(AccountTable.toAccount(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredAccount> list() {
        return database.read(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + AccountTable.COLUMNS + " FROM accounts ORDER BY domain, username");
                    ResultSet row = select.executeQuery()) {
                List<StoredAccount> accounts = new ArrayList<>();
                while (row.next()) {
                    accounts.add(AccountTable.toAccount(row));
                }
                return accounts;
            }
        });
    }

    @Override
    public boolean update(StoredAccount account) {
        return database.write(new AccountTable.Update(account));
    }

    @Override
    public boolean delete(SipAddress address) {
        return database.write(new AccountTable.Delete(address));
    }
}
