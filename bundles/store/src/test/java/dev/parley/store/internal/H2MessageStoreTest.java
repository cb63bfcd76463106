package dev.parley.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.api.messaging.Message;
import dev.parley.store.MessageStore;
import dev.parley.store.MessageStoreContractTest;

class H2MessageStoreTest extends MessageStoreContractTest {

    @TempDir
    Path directory;
    private H2Database database;
    private H2MessageStore store;

    @BeforeEach
    void open() {
        database = TestDatabases.open(directory);
        store = new H2MessageStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected MessageStore store() {
        return store;
    }

    @Test
    void messagesAddedAfterAReopenComeAfterTheEarlierOnes() {
        store.add(stored("z-first", ALICE, BOB, NOW, null));
        store.add(stored("a-second", ALICE, BOB, NOW, null));
        database.close();

        database = TestDatabases.open(directory);
        store = new H2MessageStore(database);
        store.add(stored("m-third", BOB, ALICE, NOW, null));

        assertEquals(List.of("m-third", "a-second", "z-first"),
                store.messages(ALICE, BOB, 0, 10).stream().map(Message::id).toList());
    }
}
