package dev.parley.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.WatcherPolicy;

/**
 * Persistence of presence: publications keyed by (entity, entity tag), and each user's watcher rules keyed by
 * (user, watcher).
 */
@ProviderType
public interface PresenceStore {

    /** The stored publications of one entity, expired ones included, oldest {@code updated} first. */
    List<PresencePublication> publications(SipAddress entity);

    /** One publication, expired or not. */
    Optional<PresencePublication> publication(SipAddress entity, String etag);

    /**
     * Inserts or replaces {@code publication} (by entity and entity tag) and, in the same transaction, deletes the
     * publication it replaces under {@code replacedEtag} (a refresh or modify assigns a new tag); null: none.
     */
    void putPublication(PresencePublication publication, @Nullable String replacedEtag);

    /** Deletes one publication; false if there was none. */
    boolean deletePublication(SipAddress entity, String etag);

    /**
     * Deletes the publications that had expired at or before {@code now} and returns them. A publication refreshed
     * between the read and the delete stays (and is still returned, which at worst recomposes its entity once more).
     */
    List<PresencePublication> deleteExpired(Instant now);

    /** {@code user}'s watcher rules. */
    Map<SipAddress, WatcherPolicy> watcherRules(SipAddress user);

    /** {@code user}'s rule for {@code watcher}, if any. */
    Optional<WatcherPolicy> watcherRule(SipAddress user, SipAddress watcher);

    /** Sets {@code user}'s rule for {@code watcher}. */
    void putWatcherRule(SipAddress user, SipAddress watcher, WatcherPolicy policy);

    /** Removes {@code user}'s rule for {@code watcher}; false if there was none. */
    boolean deleteWatcherRule(SipAddress user, SipAddress watcher);
}
