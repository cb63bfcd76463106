package dev.parley.store.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;
import dev.parley.api.voicemail.VoicemailMessage;
import dev.parley.api.voicemail.VoicemailSettings;

/** The voicemail_messages and voicemail_mailboxes tables: columns, row mapping and the changes written to them. */
final class VoicemailTable {

    static final String COLUMNS = "owner, id, caller, received, duration_ms, urgent, heard";

    private VoicemailTable() {
    }

    /** Writes the full row, so a replayed save leaves the same message. */
    static SqlChange save(VoicemailMessage message) {
        return SqlChange.of("MERGE INTO voicemail_messages (" + COLUMNS + ") KEY (owner, id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                message.owner().uri(), message.id(), message.caller().uri(), message.received(),
                message.duration().toMillis(), message.urgent(), message.heard());
    }

    static SqlChange setHeard(SipAddress owner, String id, boolean heard) {
        return SqlChange.of("UPDATE voicemail_messages SET heard = ? WHERE owner = ? AND id = ?", heard, owner.uri(),
                id);
    }

    static SqlChange delete(SipAddress owner, String id) {
        return SqlChange.of("DELETE FROM voicemail_messages WHERE owner = ? AND id = ?", owner.uri(), id);
    }

    /** Only the settings columns: the last-check time of the row stays. */
    static SqlChange saveSettings(SipAddress owner, VoicemailSettings settings) {
        @Nullable Duration timeout = settings.noAnswerTimeout();
        return SqlChange.of("MERGE INTO voicemail_mailboxes (owner, enabled, no_answer_ms) KEY (owner) VALUES (?, ?, ?)",
                owner.uri(), settings.enabled(), timeout == null ? null : timeout.toMillis());
    }

    static SqlChange checked(SipAddress owner, Instant at) {
        return SqlChange.of("MERGE INTO voicemail_mailboxes (owner, last_checked) KEY (owner) VALUES (?, ?)",
                owner.uri(), at);
    }

    static VoicemailMessage toMessage(ResultSet row) throws SQLException {
        return new VoicemailMessage(row.getString("id"), SipAddress.parse(row.getString("owner")),
                SipAddress.parse(row.getString("caller")), Columns.getInstant(row, "received"),
                Duration.ofMillis(row.getLong("duration_ms")), row.getBoolean("urgent"), row.getBoolean("heard"));
    }
}
