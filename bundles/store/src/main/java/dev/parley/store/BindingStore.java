package dev.parley.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;

/** Persistence of registrar bindings, keyed by (address of record, contact URI). */
@ProviderType
public interface BindingStore {

    /** Stored bindings of one address of record, expired ones included (the caller filters by time). */
    List<Binding> find(SipAddress aor);

    /** Every stored binding, expired ones included. */
    List<Binding> all();

    /**
     * Applies one REGISTER's changes to an address of record in one transaction: inserts or replaces
     * {@code upserts} (by contact) and deletes {@code removedContacts}. Durable on return.
     */
    void update(SipAddress aor, Collection<Binding> upserts, Collection<String> removedContacts);

    /** Deletes every binding of an address of record; returns how many there were. */
    int deleteAll(SipAddress aor);

    /** Deletes the bindings that expired at or before {@code now} and returns them. */
    List<Binding> deleteExpired(Instant now);
}
