package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;

/**
 * What every {@link AccountStore} must do. A store implementation extends this class and returns a fresh, empty
 * store from {@link #store()}.
 */
public abstract class AccountStoreContractTest {

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.678Z");

    /** The store under test: empty at the start of each test. */
    protected abstract AccountStore store();

    @Test
    void insertedAccountIsFoundWithEveryField() {
        StoredAccount alice = account("alice", "example.org", "Alice Liddell", true);

        assertTrue(store().insert(alice));

        assertEquals(Optional.of(alice), store().find(alice.address()));
    }

    @Test
    void insertOfATakenAddressReturnsFalseAndKeepsTheFirst() {
        StoredAccount first = account("alice", "example.org", "First", true);
        store().insert(first);

        assertFalse(store().insert(account("alice", "example.org", "Second", false)));

        assertEquals(Optional.of(first), store().find(first.address()));
    }

    @Test
    void userPartIsCaseSensitive() {
        assertTrue(store().insert(account("alice", "example.org", "lower", true)));
        assertTrue(store().insert(account("Alice", "example.org", "upper", true)));

        assertEquals("upper", store().find(new SipAddress("Alice", "example.org")).orElseThrow().displayName());
        assertEquals(2, store().list().size());
    }

    @Test
    void findOfAMissingAddressIsEmpty() {
        store().insert(account("alice", "example.org", "", true));

        assertEquals(Optional.empty(), store().find(new SipAddress("alice", "example.com")));
        assertEquals(Optional.empty(), store().find(new SipAddress("bob", "example.org")));
    }

    @Test
    void listIsOrderedByDomainThenUser() {
        store().insert(account("alice", "b.example", "", true));
        store().insert(account("zed", "a.example", "", true));
        store().insert(account("bob", "a.example", "", true));

        List<String> listed = store().list().stream().map(a -> a.address().uri()).toList();

        assertEquals(List.of("sip:bob@a.example", "sip:zed@a.example", "sip:alice@b.example"), listed);
    }

    @Test
    void listOfAnEmptyStoreIsEmpty() {
        assertEquals(List.of(), store().list());
    }

    @Test
    void updateReplacesEveryFieldButTheAddress() {
        StoredAccount alice = account("alice", "example.org", "Alice", true);
        store().insert(alice);
        StoredAccount changed = new StoredAccount(alice.address(), "Alice L.", "1".repeat(32), "2".repeat(64), false,
                CREATED, CREATED.plusSeconds(60));

        assertTrue(store().update(changed));

        assertEquals(Optional.of(changed), store().find(alice.address()));
    }

    @Test
    void updateOfAMissingAccountReturnsFalseAndCreatesNothing() {
        assertFalse(store().update(account("ghost", "example.org", "", true)));

        assertEquals(List.of(), store().list());
    }

    @Test
    void deleteRemovesOnlyThatAccount() {
        StoredAccount alice = account("alice", "example.org", "", true);
        StoredAccount bob = account("bob", "example.org", "", true);
        store().insert(alice);
        store().insert(bob);

        assertTrue(store().delete(alice.address()));

        assertEquals(List.of(bob), store().list());
    }

    @Test
    void deleteOfAMissingAccountReturnsFalse() {
        assertFalse(store().delete(new SipAddress("ghost", "example.org")));
    }

    @Test
    void instantsAreKeptToTheMillisecond() {
        Instant precise = Instant.parse("2026-01-02T03:04:05.678999999Z");
        SipAddress address = new SipAddress("alice", "example.org");
        store().insert(new StoredAccount(address, "", "a".repeat(32), "b".repeat(64), true, precise, precise));

        StoredAccount found = store().find(address).orElseThrow();

        assertEquals(Instant.parse("2026-01-02T03:04:05.678Z"), found.created());
        assertEquals(Instant.parse("2026-01-02T03:04:05.678Z"), found.updated());
    }

    private static StoredAccount account(String user, String domain, String displayName, boolean enabled) {
        return new StoredAccount(new SipAddress(user, domain), displayName, "0123456789abcdef0123456789abcdef",
                "0123456789abcdef".repeat(4), enabled, CREATED, CREATED.plusMillis(1));
    }
}
