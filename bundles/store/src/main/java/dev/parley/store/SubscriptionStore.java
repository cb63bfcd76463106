package dev.parley.store;

import java.util.Collection;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Persistence of event subscriptions (RFC 6665), keyed by the subscription id. */
@ProviderType
public interface SubscriptionStore {

    /** Every stored subscription, ordered by package, resource, subscriber. */
    List<StoredSubscription> all();

    /** Inserts or replaces (by id) every given subscription in one transaction. Durable on return. */
    void save(Collection<StoredSubscription> subscriptions);

    /** Deletes one subscription; false if there was none. */
    boolean delete(String id);
}
