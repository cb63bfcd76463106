package dev.parley.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionState;
import dev.parley.store.StoredSubscription;
import dev.parley.store.SubscriptionDialog;
import dev.parley.store.SubscriptionStore;
import dev.parley.store.SubscriptionStoreContractTest;

class H2SubscriptionStoreTest extends SubscriptionStoreContractTest {

    @TempDir
    Path directory;
    private H2Database database;
    private H2SubscriptionStore store;

    @BeforeEach
    void open() {
        database = TestDatabases.open(directory);
        store = new H2SubscriptionStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected SubscriptionStore store() {
        return store;
    }

    @Test
    void subscriptionsSurviveAReopenOfTheDatabase() {
        SipAddress alice = new SipAddress("alice", "example.org");
        StoredSubscription stored = new StoredSubscription(
                new Subscription("s1", "reg", alice, alice, SubscriptionState.ACTIVE,
                        Instant.parse("2026-03-04T05:06:07.890Z"), 2),
                new SubscriptionDialog("c", "<sip:alice@example.org>", "t1", "<sip:alice@example.org>", "t2",
                        "sip:alice@192.0.2.1", List.of(), "udp"),
                3, 1, null, null);
        store.save(List.of(stored));
        database.close();

        database = TestDatabases.open(directory);
        store = new H2SubscriptionStore(database);

        assertEquals(List.of(stored), store.all());
    }
}
