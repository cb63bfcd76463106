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
import dev.parley.store.CallStore;
import dev.parley.store.CallStoreContractTest;
import dev.parley.store.StoredCall;
import dev.parley.store.StoredCallLeg;

class H2CallStoreTest extends CallStoreContractTest {

    @TempDir
    Path directory;
    private H2Database database;
    private H2CallStore store;

    @BeforeEach
    void open() {
        database = TestDatabases.open(directory);
        store = new H2CallStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected CallStore store() {
        return store;
    }

    @Test
    void callsOutliveAReopenOfTheDatabase() {
        StoredCallLeg leg = new StoredCallLeg("sip-a", "<sip:a@example.org>", "l", "<sip:b@example.org>", "r",
                "sip:b@192.0.2.2", List.of(), "udp", 3, 4, "v=0\r\n");
        StoredCall call = new StoredCall("c1", SipAddress.parse("sip:a@example.org"),
                SipAddress.parse("sip:b@example.org"), "ESTABLISHED",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"),
                leg, leg);
        store.save(call);
        database.close();

        database = TestDatabases.open(directory);

        assertEquals(List.of(call), new H2CallStore(database).all());
    }
}
