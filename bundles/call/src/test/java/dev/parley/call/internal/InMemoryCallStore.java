package dev.parley.call.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.parley.store.CallStore;
import dev.parley.store.StoredCall;

/** A {@link CallStore} in a map, standing for the database across a simulated restart. */
final class InMemoryCallStore implements CallStore {

    private final Map<String, StoredCall> calls = new LinkedHashMap<>();

    @Override
    public synchronized void save(StoredCall call) {
        calls.put(call.id(), call);
    }

    @Override
    public synchronized boolean delete(String callId) {
        return calls.remove(callId) != null;
    }

    @Override
    public synchronized List<StoredCall> all() {
        return new ArrayList<>(calls.values());
    }
}
