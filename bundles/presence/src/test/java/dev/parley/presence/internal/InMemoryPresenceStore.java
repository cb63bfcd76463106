package dev.parley.presence.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.WatcherPolicy;
import dev.parley.store.PresencePublication;
import dev.parley.store.PresenceStore;

/** A {@link PresenceStore} in memory, held to the same contract as the real one ({@code InMemoryPresenceStoreTest}). */
public final class InMemoryPresenceStore implements PresenceStore {

    private static final Comparator<PresencePublication> ORDER = Comparator.comparing(PresencePublication::updated)
            .thenComparing(PresencePublication::etag);

    private final ConcurrentMap<SipAddress, ConcurrentMap<String, PresencePublication>> publications =
            new ConcurrentHashMap<>();
    private final ConcurrentMap<SipAddress, ConcurrentSkipListMap<String, WatcherPolicy>> rules =
            new ConcurrentHashMap<>();

    @Override
    public List<PresencePublication> publications(SipAddress entity) {
        return publications.getOrDefault(entity, new ConcurrentHashMap<>()).values().stream().sorted(ORDER).toList();
    }

    @Override
    public Optional<PresencePublication> publication(SipAddress entity, String etag) {
        return Optional.ofNullable(publications.getOrDefault(entity, new ConcurrentHashMap<>()).get(etag));
    }

    @Override
    public synchronized void putPublication(PresencePublication publication, @Nullable String replacedEtag) {
        Map<String, PresencePublication> ofEntity = publications.computeIfAbsent(publication.entity(),
                e -> new ConcurrentHashMap<>());
        if (replacedEtag != null) {
            ofEntity.remove(replacedEtag);
        }
        ofEntity.put(publication.etag(), publication);
    }

    @Override
    public boolean deletePublication(SipAddress entity, String etag) {
        return publications.getOrDefault(entity, new ConcurrentHashMap<>()).remove(etag) != null;
    }

    @Override
    public synchronized List<PresencePublication> deleteExpired(Instant now) {
        List<PresencePublication> expired = new ArrayList<>();
        publications.values().forEach(ofEntity -> ofEntity.values().removeIf(p -> {
            boolean lapsed = !p.expiresAt().isAfter(now);
            if (lapsed) {
                expired.add(p);
            }
            return lapsed;
        }));
        expired.sort(Comparator.comparing((PresencePublication p) -> p.entity().uri()).thenComparing(ORDER));
        return expired;
    }

    @Override
    public Map<SipAddress, WatcherPolicy> watcherRules(SipAddress user) {
        Map<SipAddress, WatcherPolicy> result = new TreeMap<>(Comparator.comparing(SipAddress::uri));
        rules.getOrDefault(user, new ConcurrentSkipListMap<>())
                .forEach((watcher, policy) -> result.put(SipAddress.parse(watcher), policy));
        return result;
    }

    @Override
    public Optional<WatcherPolicy> watcherRule(SipAddress user, SipAddress watcher) {
        return Optional.ofNullable(rules.getOrDefault(user, new ConcurrentSkipListMap<>()).get(watcher.uri()));
    }

    @Override
    public void putWatcherRule(SipAddress user, SipAddress watcher, WatcherPolicy policy) {
        rules.computeIfAbsent(user, u -> new ConcurrentSkipListMap<>()).put(watcher.uri(), policy);
    }

    @Override
    public boolean deleteWatcherRule(SipAddress user, SipAddress watcher) {
        return rules.getOrDefault(user, new ConcurrentSkipListMap<>()).remove(watcher.uri()) != null;
    }
}
