package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.Binding;

/**
 * What every {@link BindingStore} must do. A store implementation extends this class and returns a fresh, empty
 * store from {@link #store()}. Lists are ordered by address of record, then contact.
 */
public abstract class BindingStoreContractTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.890Z");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");

    /** The store under test: empty at the start of each test. */
    protected abstract BindingStore store();

    @Test
    void everyFieldRoundTrips() {
        Binding full = new Binding(ALICE, "<sip:alice@192.0.2.1:5060;transport=tcp;ob>", NOW.plusSeconds(3600), 0.7f,
                "call-1@host", 42, "tcp", "192.0.2.1:49152", List.of("<sip:edge1.example;lr>", "<sip:edge2.example;lr>"),
                "<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>", 1, "Parley Phone/1.0", NOW);

        store().update(ALICE, List.of(full), List.of());

        assertEquals(List.of(full), store().find(ALICE));
    }

    @Test
    void nullFieldsAndAnEmptyPathRoundTrip() {
        Binding bare = new Binding(ALICE, "sip:alice@192.0.2.1", NOW.plusSeconds(60), 1.0f, "c", 1, "udp",
                "192.0.2.1:5060", List.of(), null, 0, null, NOW);

        store().update(ALICE, List.of(bare), List.of());

        assertEquals(List.of(bare), store().find(ALICE));
    }

    @Test
    void instantsAreKeptToTheMillisecond() {
        Instant precise = Instant.parse("2026-03-04T05:06:07.890999Z");
        store().update(ALICE, List.of(binding(ALICE, "sip:a@192.0.2.1", precise, 1)), List.of());

        Binding found = store().find(ALICE).get(0);

        assertEquals(Instant.parse("2026-03-04T05:06:07.890Z"), found.expiresAt());
    }

    @Test
    void upsertReplacesTheBindingOfTheSameContact() {
        store().update(ALICE, List.of(binding(ALICE, "sip:a@192.0.2.1", NOW.plusSeconds(60), 1)), List.of());
        Binding refreshed = binding(ALICE, "sip:a@192.0.2.1", NOW.plusSeconds(3600), 2);

        store().update(ALICE, List.of(refreshed), List.of());

        assertEquals(List.of(refreshed), store().find(ALICE));
    }

    @Test
    void findReturnsOnlyThatAddressOrderedByContact() {
        Binding second = binding(ALICE, "sip:b@192.0.2.2", NOW, 1);
        Binding first = binding(ALICE, "sip:a@192.0.2.1", NOW, 1);
        store().update(ALICE, List.of(second, first), List.of());
        store().update(BOB, List.of(binding(BOB, "sip:bob@192.0.2.3", NOW, 1)), List.of());

        assertEquals(List.of(first, second), store().find(ALICE));
        assertEquals(List.of(), store().find(new SipAddress("carol", "example.org")));
    }

    @Test
    void allReturnsEveryBindingOrderedByAddressThenContact() {
        Binding bob = binding(BOB, "sip:bob@192.0.2.3", NOW, 1);
        Binding aliceB = binding(ALICE, "sip:b@192.0.2.2", NOW, 1);
        Binding aliceA = binding(ALICE, "sip:a@192.0.2.1", NOW.minusSeconds(10), 1);
        store().update(BOB, List.of(bob), List.of());
        store().update(ALICE, List.of(aliceB, aliceA), List.of());

        assertEquals(List.of(aliceA, aliceB, bob), store().all());
    }

    @Test
    void removedContactsAreDeletedAndUnknownOnesIgnored() {
        Binding keep = binding(ALICE, "sip:a@192.0.2.1", NOW, 1);
        store().update(ALICE, List.of(keep, binding(ALICE, "sip:b@192.0.2.2", NOW, 1)), List.of());

        store().update(ALICE, List.of(), List.of("sip:b@192.0.2.2", "sip:unknown@192.0.2.9"));

        assertEquals(List.of(keep), store().find(ALICE));
    }

    @Test
    void removalOnlyTouchesTheGivenAddress() {
        Binding bobs = binding(BOB, "sip:shared@192.0.2.1", NOW, 1);
        store().update(ALICE, List.of(binding(ALICE, "sip:shared@192.0.2.1", NOW, 1)), List.of());
        store().update(BOB, List.of(bobs), List.of());

        store().update(ALICE, List.of(), List.of("sip:shared@192.0.2.1"));

        assertEquals(List.of(bobs), store().all());
    }

    @Test
    void upsertsAndRemovalsApplyTogether() {
        store().update(ALICE, List.of(binding(ALICE, "sip:old@192.0.2.1", NOW, 1)), List.of());
        Binding replacement = binding(ALICE, "sip:new@192.0.2.2", NOW, 2);

        store().update(ALICE, List.of(replacement), List.of("sip:old@192.0.2.1"));

        assertEquals(List.of(replacement), store().find(ALICE));
    }

    @Test
    void aBindingOfAnotherAddressIsRefusedAndNothingWritten() {
        List<Binding> mixed = List.of(binding(ALICE, "sip:a@192.0.2.1", NOW, 1), binding(BOB, "sip:b@192.0.2.2", NOW, 1));

        assertThrows(IllegalArgumentException.class, () -> store().update(ALICE, mixed, List.of()));

        assertEquals(List.of(), store().all());
    }

    @Test
    void deleteAllCountsAndLeavesOtherAddresses() {
        Binding bobs = binding(BOB, "sip:bob@192.0.2.3", NOW, 1);
        store().update(ALICE,
                List.of(binding(ALICE, "sip:a@192.0.2.1", NOW, 1), binding(ALICE, "sip:b@192.0.2.2", NOW, 1)),
                List.of());
        store().update(BOB, List.of(bobs), List.of());

        assertEquals(2, store().deleteAll(ALICE));

        assertEquals(List.of(bobs), store().all());
        assertEquals(0, store().deleteAll(ALICE));
    }

    @Test
    void deleteExpiredReturnsExactlyTheBindingsDueAtOrBeforeNow() {
        Binding past = binding(ALICE, "sip:past@192.0.2.1", NOW.minusSeconds(1), 1);
        Binding due = binding(BOB, "sip:due@192.0.2.2", NOW, 1);
        Binding future = binding(ALICE, "sip:future@192.0.2.3", NOW.plusMillis(1), 1);
        store().update(ALICE, List.of(past, future), List.of());
        store().update(BOB, List.of(due), List.of());

        assertEquals(List.of(past, due), store().deleteExpired(NOW));

        assertEquals(List.of(future), store().all());
        assertEquals(List.of(), store().deleteExpired(NOW));
    }

    private static Binding binding(SipAddress aor, String contact, Instant expiresAt, long cseq) {
        return new Binding(aor, contact, expiresAt, 1.0f, "call-" + contact, cseq, "udp", "192.0.2.1:5060",
                List.of(), null, 0, "test-agent", NOW);
    }
}
