package dev.parley.registration.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;
import dev.parley.store.BindingStore;
import dev.parley.store.StoreException;

/** A {@link BindingStore} in memory, with the contract of the real one; it can be told to fail. */
public class InMemoryBindingStore implements BindingStore {

    private final Map<SipAddress, Map<String, Binding>> rows = new LinkedHashMap<>();
    private final AtomicInteger updates = new AtomicInteger();
    private volatile boolean failing;

    /** How many times {@link #update} was called. */
    public int updates() {
        return updates.get();
    }

    public void failWrites(boolean fail) {
        this.failing = fail;
    }

    @Override
    public synchronized List<Binding> find(SipAddress aor) {
        return List.copyOf(rows.getOrDefault(aor, Map.of()).values());
    }

    @Override
    public synchronized List<Binding> all() {
        return rows.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    @Override
    public synchronized void update(SipAddress aor, Collection<Binding> upserts, Collection<String> removedContacts) {
        updates.incrementAndGet();
        checkWritable();
        Map<String, Binding> bindings = rows.computeIfAbsent(aor, k -> new LinkedHashMap<>());
        removedContacts.forEach(bindings::remove);
        upserts.forEach(b -> bindings.put(b.contact(), b));
    }

    @Override
    public synchronized int deleteAll(SipAddress aor) {
        checkWritable();
        Map<String, Binding> removed = rows.remove(aor);
        return removed == null ? 0 : removed.size();
    }

    @Override
    public synchronized List<Binding> deleteExpired(Instant now) {
        checkWritable();
        List<Binding> lapsed = new ArrayList<>();
        for (Map<String, Binding> bindings : rows.values()) {
            bindings.values().removeIf(b -> b.isExpired(now) && lapsed.add(b));
        }
        return lapsed;
    }

    private void checkWritable() {
        if (failing) {
            throw new StoreException("database unavailable", new IllegalStateException("test"));
        }
    }
}
