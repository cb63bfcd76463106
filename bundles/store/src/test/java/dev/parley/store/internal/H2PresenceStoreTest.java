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
import dev.parley.api.presence.WatcherPolicy;
import dev.parley.store.PresencePublication;
import dev.parley.store.PresenceStore;
import dev.parley.store.PresenceStoreContractTest;

class H2PresenceStoreTest extends PresenceStoreContractTest {

    @TempDir
    Path directory;
    private H2Database database;
    private H2PresenceStore store;

    @BeforeEach
    void open() {
        database = TestDatabases.open(directory);
        store = new H2PresenceStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected PresenceStore store() {
        return store;
    }

    @Test
    void publicationsAndRulesSurviveReopening() {
        SipAddress alice = new SipAddress("alice", "example.org");
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        PresencePublication publication = new PresencePublication(alice, "e1", PresencePublication.Origin.SIP,
                "<presence/>", now.plusSeconds(60), now);
        store.putPublication(publication, null);
        store.putWatcherRule(alice, new SipAddress("bob", "example.org"), WatcherPolicy.BLOCK);
        database.close();

        database = TestDatabases.open(directory);
        H2PresenceStore reopened = new H2PresenceStore(database);

        assertEquals(List.of(publication), reopened.publications(alice));
        assertEquals(1, reopened.watcherRules(alice).size());
    }
}
