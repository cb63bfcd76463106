package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.WatcherPolicy;
import dev.parley.store.PresencePublication.Origin;

/**
 * What every {@link PresenceStore} must do. A store implementation extends this class and returns a fresh, empty
 * store from {@link #store()}.
 */
public abstract class PresenceStoreContractTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00.123Z");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final SipAddress CAROL = new SipAddress("carol", "other.example");
    private static final String PIDF = "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:alice@example.org\">"
            + "<tuple id=\"t1\"><status><basic>open</basic></status><note>caf\u00e9 &amp; \u2615</note></tuple></presence>";

    /** The store under test: empty at the start of each test. */
    protected abstract PresenceStore store();

    @Test
    void everyFieldOfAPublicationRoundTrips() {
        PresencePublication publication = publication(ALICE, "e1", NOW.plusSeconds(3600), NOW);

        store().putPublication(publication, null);

        assertEquals(List.of(publication), store().publications(ALICE));
        assertEquals(Optional.of(publication), store().publication(ALICE, "e1"));
        assertEquals(Optional.empty(), store().publication(BOB, "e1"));
    }

    @Test
    void publicationsOfAnEntityComeOldestUpdateFirst() {
        PresencePublication newer = publication(ALICE, "a", NOW.plusSeconds(60), NOW.plusSeconds(5));
        PresencePublication older = publication(ALICE, "b", NOW.plusSeconds(60), NOW);
        store().putPublication(newer, null);
        store().putPublication(older, null);
        store().putPublication(publication(BOB, "c", NOW.plusSeconds(60), NOW), null);

        assertEquals(List.of(older, newer), store().publications(ALICE));
    }

    @Test
    void aRefreshReplacesThePublicationUnderItsNewTagAtomically() {
        PresencePublication first = publication(ALICE, "old", NOW.plusSeconds(60), NOW);
        store().putPublication(first, null);

        PresencePublication refreshed = first.refreshed("new", NOW.plusSeconds(600));
        store().putPublication(refreshed, "old");

        assertEquals(List.of(refreshed), store().publications(ALICE));
    }

    @Test
    void deletesOnePublication() {
        store().putPublication(publication(ALICE, "e1", NOW.plusSeconds(60), NOW), null);

        assertTrue(store().deletePublication(ALICE, "e1"));
        assertFalse(store().deletePublication(ALICE, "e1"));
        assertEquals(List.of(), store().publications(ALICE));
    }

    @Test
    void deletesExactlyTheExpiredPublications() {
        PresencePublication lapsed = publication(ALICE, "lapsed", NOW.minusMillis(1), NOW.minusSeconds(60));
        PresencePublication lapsingNow = publication(BOB, "now", NOW, NOW.minusSeconds(60));
        PresencePublication alive = publication(ALICE, "alive", NOW.plusMillis(1), NOW.minusSeconds(60));
        store().putPublication(lapsed, null);
        store().putPublication(lapsingNow, null);
        store().putPublication(alive, null);

        assertEquals(List.of(lapsed, lapsingNow), store().deleteExpired(NOW));
        assertEquals(List.of(alive), store().publications(ALICE));
        assertEquals(List.of(), store().publications(BOB));
        assertEquals(List.of(), store().deleteExpired(NOW));
    }

    @Test
    void watcherRulesAreSetReplacedAndRemoved() {
        store().putWatcherRule(ALICE, CAROL, WatcherPolicy.ALLOW);
        store().putWatcherRule(ALICE, BOB, WatcherPolicy.ALLOW);
        store().putWatcherRule(ALICE, BOB, WatcherPolicy.BLOCK);
        store().putWatcherRule(BOB, ALICE, WatcherPolicy.BLOCK);

        assertEquals(Map.of(BOB, WatcherPolicy.BLOCK, CAROL, WatcherPolicy.ALLOW), store().watcherRules(ALICE));
        assertEquals(List.of(BOB, CAROL), List.copyOf(store().watcherRules(ALICE).keySet()));
        assertEquals(Optional.of(WatcherPolicy.BLOCK), store().watcherRule(ALICE, BOB));
        assertEquals(Optional.empty(), store().watcherRule(CAROL, ALICE));

        assertTrue(store().deleteWatcherRule(ALICE, BOB));
        assertFalse(store().deleteWatcherRule(ALICE, BOB));
        assertEquals(Map.of(CAROL, WatcherPolicy.ALLOW), store().watcherRules(ALICE));
    }

    private static PresencePublication publication(SipAddress entity, String etag, Instant expires, Instant updated) {
        return new PresencePublication(entity, etag, etag.equals("e1") ? Origin.API : Origin.SIP,
                PIDF.replace("alice", entity.user()), expires, updated);
    }
}
