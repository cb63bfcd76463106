package dev.parley.store.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.store.AccountStore;
import dev.parley.store.AccountStoreContractTest;

class H2AccountStoreTest extends AccountStoreContractTest {

    @TempDir
    Path directory;
    private H2Database database;
    private H2AccountStore store;

    @BeforeEach
    void open() {
        database = TestDatabases.open(directory);
        store = new H2AccountStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected AccountStore store() {
        return store;
    }
}
