package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.time.Instant;
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

    private final H2Database database;

    @Activate
    public H2BindingStore(@Reference(name = "database") H2Database database) {
        this.database = database;
    }

    @Override
    public List<Binding> find(SipAddress aor) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + BindingTable.COLUMNS + " FROM bindings WHERE aor = ? ORDER BY contact")) {
                select.setString(1, aor.uri());
                return BindingTable.toBindings(select);
            }
        });
    }

    @Override
    public List<Binding> all() {
        return database.read(connection -> {
            try (PreparedStatement select = connection
                    .prepareStatement("SELECT " + BindingTable.COLUMNS + " FROM bindings ORDER BY aor, contact")) {
                return BindingTable.toBindings(select);
            }
        });
    }

    @Override
    public void update(SipAddress aor, Collection<Binding> upserts, Collection<String> removedContacts) {
        database.write(new BindingTable.Update(aor, List.copyOf(upserts), List.copyOf(removedContacts)));
    }

    @Override
    public int deleteAll(SipAddress aor) {
        return database.write(new BindingTable.DeleteAll(aor));
    }

    @Override
    public List<Binding> deleteExpired(Instant now) {
        return database.write(new BindingTable.DeleteExpired(now));
    }
}
