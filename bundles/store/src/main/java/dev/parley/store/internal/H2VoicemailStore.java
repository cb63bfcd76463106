package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailSettings;
import dev.parley.store.VoicemailStore;

/** {@link VoicemailStore} on the embedded database; writes are journaled {@link SqlChange}s. */
@Component(service = VoicemailStore.class)
public final class H2VoicemailStore implements VoicemailStore {

    private final H2Database database;

    @Activate
    public H2VoicemailStore(@Reference(name = "database") H2Database database) {
        this.database = database;
    }

    @Override
    public void save(VoicemailMessage message) {
        database.write(VoicemailTable.save(message));
    }

    @Override
    public List<VoicemailMessage> messages(SipAddress owner) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + VoicemailTable.COLUMNS
                    + " FROM voicemail_messages WHERE owner = ? ORDER BY received DESC, id DESC")) {
                select.setString(1, owner.uri());
                try (ResultSet row = select.executeQuery()) {
                    List<VoicemailMessage> messages = new ArrayList<>();
                    while (row.next()) {
                        messages.add(VoicemailTable.toMessage(row));
                    }
                    return messages;
                }
            }
        });
    }

    @Override
    public Optional<VoicemailMessage> find(SipAddress owner, String id) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + VoicemailTable.COLUMNS + " FROM voicemail_messages WHERE owner = ? AND id = ?")) {
                select.setString(1, owner.uri());
                select.setString(2, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(VoicemailTable.toMessage(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean setHeard(SipAddress owner, String id, boolean heard) {
        return database.write(VoicemailTable.setHeard(owner, id, heard)) > 0;
    }

    @Override
    public boolean delete(SipAddress owner, String id) {
        return database.write(VoicemailTable.delete(owner, id)) > 0;
    }

    @Override
    public Optional<VoicemailSettings> settings(SipAddress owner) {
        return mailbox(owner, row -> {
            boolean enabled = row.getBoolean("enabled");
            if (row.wasNull()) {
                return null;
            }
            long timeout = row.getLong("no_answer_ms");
            return new VoicemailSettings(enabled, row.wasNull() ? null : Duration.ofMillis(timeout));
        });
    }

    @Override
    public void saveSettings(SipAddress owner, VoicemailSettings settings) {
        database.write(VoicemailTable.saveSettings(owner, settings));
    }

    @Override
    public Optional<Instant> lastChecked(SipAddress owner) {
        return mailbox(owner, row -> row.getObject("last_checked") == null ? null
                : Columns.getInstant(row, "last_checked"));
    }

    @Override
    public void checked(SipAddress owner, Instant at) {
        database.write(VoicemailTable.checked(owner, at));
    }

    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** One value of the owner's mailbox row; empty without a row or when the mapper gives null. */
    private <T> Optional<T> mailbox(SipAddress owner, RowMapper<T> mapper) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT enabled, no_answer_ms, last_checked FROM voicemail_mailboxes WHERE owner = ?")) {
                select.setString(1, owner.uri());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.ofNullable(mapper.map(row)) : Optional.<T>empty();
                }
            }
        });
    }
}
