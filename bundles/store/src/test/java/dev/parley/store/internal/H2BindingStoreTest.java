package dev.parley.store.internal;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.store.BindingStore;
import dev.parley.store.BindingStoreContractTest;

class H2BindingStoreTest extends BindingStoreContractTest {

    @TempDir
    Path directory;
    private H2Database database;
    private H2BindingStore store;

    @BeforeEach
    void open() {
        database = TestDatabases.open(directory);
        store = new H2BindingStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Override
    protected BindingStore store() {
        return store;
    }
}
