package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionState;

/**
 * What every {@link SubscriptionStore} must do. A store implementation extends this class and returns a fresh,
 * empty store from {@link #store()}.
 */
public abstract class SubscriptionStoreContractTest {

    private static final Instant EXPIRY = Instant.parse("2026-03-04T05:06:07.890Z");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");

    /** The store under test: empty at the start of each test. */
    protected abstract SubscriptionStore store();

    private static StoredSubscription sip(String id, String eventPackage, SipAddress subscriber, SipAddress resource,
            long notifyCount) {
        return new StoredSubscription(
                new Subscription(id, eventPackage, subscriber, resource, SubscriptionState.ACTIVE, EXPIRY, notifyCount),
                new SubscriptionDialog("call-" + id, "<sip:" + resource.user() + "@example.org>", "local-tag",
                        "\"Bob\" <sip:bob@example.org>", "remote-tag", "sip:bob@192.0.2.7:5062;transport=tcp",
                        List.of("<sip:edge1.example;lr>", "<sip:edge2.example;lr>"), "tcp"),
                7, 3, "ev-1", null);
    }

    @Test
    void aSipSubscriptionRoundTripsWithItsDialog() {
        StoredSubscription stored = sip("s1", "reg", BOB, ALICE, 4);

        store().save(List.of(stored));

        assertEquals(List.of(stored), store().all());
    }

    @Test
    void aDialogsFlowRoundTrips() {
        StoredSubscription stored = new StoredSubscription(
                new Subscription("s3", "reg", BOB, ALICE, SubscriptionState.ACTIVE, EXPIRY, 1),
                new SubscriptionDialog("call-s3", "<sip:alice@example.org>", "local-tag", "<sip:bob@example.org>",
                        "remote-tag", "sip:bob@df7jal23ls0d.invalid;transport=ws", List.of(), "ws", "ws",
                        "127.0.0.1:40123"),
                2, 1, null, null);

        store().save(List.of(stored));

        assertEquals(List.of(stored), store().all());
    }

    @Test
    void anInternalSubscriptionRoundTripsWithoutADialog() {
        StoredSubscription internal = new StoredSubscription(
                new Subscription("s2", "dialog", BOB, ALICE, SubscriptionState.PENDING, EXPIRY, 0), null, 0, 0, null,
                "outgoing-1");

        store().save(List.of(internal));

        assertEquals(List.of(internal), store().all());
    }

    @Test
    void saveReplacesById() {
        store().save(List.of(sip("s1", "reg", BOB, ALICE, 1)));
        StoredSubscription later = sip("s1", "reg", BOB, ALICE, 9);

        store().save(List.of(later));

        assertEquals(List.of(later), store().all());
    }

    @Test
    void allIsOrderedByPackageResourceSubscriber() {
        StoredSubscription regOfBob = sip("a", "reg", ALICE, BOB, 0);
        StoredSubscription dialogOfAlice = sip("b", "dialog", BOB, ALICE, 0);
        StoredSubscription regOfAliceByBob = sip("c", "reg", BOB, ALICE, 0);
        StoredSubscription regOfAliceByAlice = sip("d", "reg", ALICE, ALICE, 0);

        store().save(List.of(regOfBob, dialogOfAlice, regOfAliceByBob, regOfAliceByAlice));

        assertEquals(List.of(dialogOfAlice, regOfAliceByAlice, regOfAliceByBob, regOfBob), store().all());
    }

    @Test
    void deleteRemovesOneAndReportsWhetherThereWasOne() {
        store().save(List.of(sip("s1", "reg", BOB, ALICE, 0), sip("s2", "reg", ALICE, ALICE, 0)));

        assertTrue(store().delete("s1"));
        assertFalse(store().delete("s1"));
        assertEquals(List.of("s2"), store().all().stream().map(StoredSubscription::id).toList());
    }
}
