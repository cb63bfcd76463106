package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.store.StoredSubscription;
import dev.parley.store.SubscriptionStore;

/** {@link SubscriptionStore} on the embedded database, written through journaled {@link SqlChange}s. */
@Component(service = SubscriptionStore.class)
public final class H2SubscriptionStore implements SubscriptionStore {

    private final H2Database database;

    @Activate
    public H2SubscriptionStore(@Reference(name = "database") H2Database database) {
        this.database = database;
    }

    @Override
    public List<StoredSubscription> all() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + SubscriptionTable.COLUMNS
                    + " FROM subscriptions ORDER BY event_package, resource, subscriber, id")) {
                return SubscriptionTable.toSubscriptions(select);
            }
        });
    }

    @Override
    public void save(Collection<StoredSubscription> subscriptions) {
        if (!subscriptions.isEmpty()) {
            database.write(new SqlChange(subscriptions.stream().map(SubscriptionTable::merge).toList()));
        }
    }

    @Override
    public boolean delete(String id) {
        return database.write(SqlChange.of("DELETE FROM subscriptions WHERE id = ?", id)) > 0;
    }
}
