package dev.parley.store.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.store.CallStore;
import dev.parley.store.StoredCall;

/** {@link CallStore} on the embedded database. */
@Component(service = CallStore.class)
public final class H2CallStore implements CallStore {

    private final H2Database database;

    @Activate
    public H2CallStore(@Reference(name = "database") H2Database database) {
        this.database = database;
    }

    @Override
    public void save(StoredCall call) {
        database.write(CallTable.save(call));
    }

    @Override
    public boolean delete(String callId) {
        return database.write(CallTable.delete(callId)) > 0;
    }

    @Override
    public List<StoredCall> all() {
        return database.read(CallTable::all);
    }
}
