package dev.parley.accounts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.store.AccountStore;
import dev.parley.store.StoredAccount;

class CredentialsCacheTest {

    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private final AccountStore store = mock(AccountStore.class);

    @Test
    void withoutCapacityEveryLookupReadsTheStore() {
        when(store.find(ALICE)).thenReturn(Optional.of(row(ALICE, "old")));
        CredentialsCache cache = new CredentialsCache(store, 0);

        cache.find(ALICE);
        cache.find(ALICE);

        verify(store, times(2)).find(ALICE);
        assertEquals(0, cache.size());
    }

    @Test
    void whenFullOtherAccountsAreReadWithoutBeingKept() {
        when(store.find(ALICE)).thenReturn(Optional.of(row(ALICE, "a")));
        when(store.find(BOB)).thenReturn(Optional.of(row(BOB, "b")));
        CredentialsCache cache = new CredentialsCache(store, 1);

        cache.find(ALICE);
        assertEquals("b", cache.find(BOB).orElseThrow().ha1Md5());
        cache.find(BOB);

        verify(store, times(2)).find(BOB);
        assertEquals(1, cache.size());
    }

    @Test
    void unknownUsersAreNotKept() {
        when(store.find(BOB)).thenReturn(Optional.empty());
        CredentialsCache cache = new CredentialsCache(store, 10);

        assertEquals(Optional.empty(), cache.find(BOB));
        assertEquals(0, cache.size());
    }

    @Test
    void shrinkingEmptiesTheCache() {
        when(store.find(ALICE)).thenReturn(Optional.of(row(ALICE, "a")));
        CredentialsCache cache = new CredentialsCache(store, 10);
        cache.find(ALICE);

        cache.setCapacity(5);

        assertEquals(0, cache.size());
    }

    /** A lookup that read the old row while a change was being written must not keep it after the change. */
    @Test
    void aLoadRacingAChangeDoesNotOutliveTheInvalidation() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch changed = new CountDownLatch(1);
        when(store.find(ALICE)).thenAnswer(call -> {
            loading.countDown();
            changed.await(5, TimeUnit.SECONDS); // the old row was read; the change lands now
            return Optional.of(row(ALICE, "old"));
        }).thenReturn(Optional.of(row(ALICE, "new")));
        CredentialsCache cache = new CredentialsCache(store, 10);

        CompletableFuture<Optional<StoredAccount>> racing = CompletableFuture.supplyAsync(() -> cache.find(ALICE));
        assertTrue(loading.await(5, TimeUnit.SECONDS));
        CompletableFuture<Void> invalidation = CompletableFuture.runAsync(() -> cache.invalidate(ALICE));
        Thread.sleep(100); // the invalidation is under way (waiting for the load, if the cache is right)
        changed.countDown();
        racing.get(5, TimeUnit.SECONDS);
        invalidation.get(5, TimeUnit.SECONDS);

        assertEquals("new", cache.find(ALICE).orElseThrow().ha1Md5());
    }

    private static StoredAccount row(SipAddress address, String ha1) {
        return new StoredAccount(address, "", ha1, ha1 + "-sha256", true, CREATED, CREATED);
    }
}
