package dev.parley.events.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.parley.store.StoredSubscription;
import dev.parley.store.SubscriptionStore;

/** A {@link SubscriptionStore} in a map, counting its writes. */
final class InMemorySubscriptionStore implements SubscriptionStore {

    final Map<String, StoredSubscription> rows = new TreeMap<>();
    int saves;

    @Override
    public synchronized List<StoredSubscription> all() {
        return new ArrayList<>(rows.values());
    }

    @Override
    public synchronized void save(Collection<StoredSubscription> subscriptions) {
        if (!subscriptions.isEmpty()) {
            saves++;
        }
        subscriptions.forEach(s -> rows.put(s.id(), s));
    }

    @Override
    public synchronized boolean delete(String id) {
        return rows.remove(id) != null;
    }

    synchronized StoredSubscription get(String id) {
        return rows.get(id);
    }
}
