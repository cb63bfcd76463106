package dev.parley.accounts.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.parley.api.common.SipAddress;
import dev.parley.store.AccountStore;
import dev.parley.store.StoredAccount;

/**
 * The stored rows of accounts that authenticated lately, so that SIP digest authentication (a lookup per
 * authenticated request) does not query the store every time. A row is loaded on a miss and dropped by
 * {@link #invalidate} after every change of its account. A load runs under the map's lock for its key, and
 * invalidate takes that lock too: a lookup racing a change cannot put the old row back after the change. Unknown
 * users are not cached (their names are the caller's choice). When full, lookups read the store without caching.
 * Like the registrar's binding copy, this assumes that this node's account service is the only writer.
 */
final class CredentialsCache {

    private final AccountStore store;
    private final ConcurrentMap<SipAddress, StoredAccount> rows = new ConcurrentHashMap<>();
    private volatile int capacity;

    CredentialsCache(AccountStore store, int capacity) {
        this.store = store;
        setCapacity(capacity);
    }

    /** The account's row, from memory when it is there. */
    Optional<StoredAccount> find(SipAddress address) {
        StoredAccount cached = rows.get(address);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (rows.size() >= capacity) {
            return store.find(address);
        }
        return Optional.ofNullable(rows.computeIfAbsent(address, key -> store.find(key).orElse(null)));
    }

    /** Forgets the account's row; call after the store has changed it. */
    void invalidate(SipAddress address) {
        rows.remove(address);
    }

    /** A new size limit; 0 disables the cache. Shrinking empties it. */
    void setCapacity(int newCapacity) {
        int previous = capacity;
        capacity = Math.max(0, newCapacity);
        if (capacity < previous) {
            rows.clear();
        }
    }

    int size() {
        return rows.size();
    }
}
