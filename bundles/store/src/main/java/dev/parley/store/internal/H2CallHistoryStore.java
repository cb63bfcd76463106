package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.call.CallRecord;
import dev.parley.api.common.SipAddress;
import dev.parley.store.CallHistoryStore;

/** {@link CallHistoryStore} on the embedded database; writes are journaled {@link SqlChange}s. */
@Component(service = CallHistoryStore.class)
public final class H2CallHistoryStore implements CallHistoryStore {

    private final H2Database database;

    @Activate
    public H2CallHistoryStore(@Reference(name = "database") H2Database database) {
        this.database = database;
    }

    @Override
    public void save(List<CallRecord> entries) {
        if (!entries.isEmpty()) {
            database.write(CallHistoryTable.save(entries));
        }
    }

    @Override
    public List<CallRecord> history(SipAddress owner, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + CallHistoryTable.COLUMNS
                    + " FROM call_history WHERE owner = ? ORDER BY started DESC, call_id DESC LIMIT ?")) {
                select.setString(1, owner.uri());
                select.setInt(2, limit);
                try (ResultSet row = select.executeQuery()) {
                    List<CallRecord> records = new ArrayList<>();
                    while (row.next()) {
                        records.add(CallHistoryTable.toRecord(row));
                    }
                    return records;
                }
            }
        });
    }

    @Override
    public boolean delete(SipAddress owner, String callId) {
        return database.write(CallHistoryTable.delete(owner, callId)) > 0;
    }

    @Override
    public int deleteAll(SipAddress owner) {
        return database.write(CallHistoryTable.deleteAll(owner));
    }
}
