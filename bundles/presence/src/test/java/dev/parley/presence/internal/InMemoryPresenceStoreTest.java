package dev.parley.presence.internal;

import dev.parley.store.PresenceStore;
import dev.parley.store.PresenceStoreContractTest;

/** The in-memory store of these tests keeps the store's contract, so what passes here holds with H2 too. */
class InMemoryPresenceStoreTest extends PresenceStoreContractTest {

    private final InMemoryPresenceStore store = new InMemoryPresenceStore();

    @Override
    protected PresenceStore store() {
        return store;
    }
}
