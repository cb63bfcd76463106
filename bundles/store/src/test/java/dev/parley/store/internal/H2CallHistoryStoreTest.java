package dev.parley.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.api.call.CallDirection;
import dev.parley.api.call.CallRecord;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.SipAddress;
import dev.parley.store.CallHistoryStore;
import dev.parley.store.CallHistoryStoreContractTest;

class H2CallHistoryStoreTest extends CallHistoryStoreContractTest {

    @TempDir
    Path directory;
    private H2Database database;
    private H2CallHistoryStore store;

    @BeforeEach
    void open() {
        database = TestDatabases.open(directory);
        store = new H2CallHistoryStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected CallHistoryStore store() {
        return store;
    }

    @Test
    void entriesSurviveAReopenOfTheDatabase() {
        SipAddress alice = new SipAddress("alice", "example.org");
        Instant started = Instant.parse("2026-11-25T10:00:00Z");
        CallRecord record = new CallRecord("c1", alice, CallDirection.OUTGOING, alice,
                new SipAddress("bob", "example.org"), started, started.plusSeconds(2), started.plusSeconds(9),
                EndReason.CALLEE_HUNG_UP);
        store.save(List.of(record));
        database.close();

        database = TestDatabases.open(directory);

        assertEquals(List.of(record), new H2CallHistoryStore(database).history(alice, 10));
    }
}
