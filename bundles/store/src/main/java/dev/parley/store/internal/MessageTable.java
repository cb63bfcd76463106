package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.store.StoredMessage;

/** The messages table: its columns, row mapping and the statements that write it. */
final class MessageTable {

    static final String COLUMNS = "id, seq, sender, recipient, content_type, body, received_at, state, is_read,"
            + " state_changed, failure, attempts, next_attempt, expires_at";

    /** A full row, so that replaying it from the journal is harmless. */
    static final String MERGE = "MERGE INTO messages (" + COLUMNS + ") KEY (id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final String RETRY = "UPDATE messages SET attempts = ?, next_attempt = ?, failure = ?"
            + " WHERE id = ? AND state = 'STORED'";

    static final String FINISH = "UPDATE messages SET state = ?, state_changed = ?, failure = ?, next_attempt = NULL"
            + " WHERE id = ? AND state = 'STORED'";

    static final String MARK_READ = "UPDATE messages SET is_read = TRUE"
            + " WHERE recipient = ? AND sender = ? AND is_read = FALSE";

    static final String DELETE = "DELETE FROM messages WHERE id = ?";

    private MessageTable() {
    }

    /** The parameters of {@link #MERGE} for a message stored with sequence number {@code seq}. */
    static Object[] row(StoredMessage stored, long seq) {
        Message message = stored.message();
        return new Object[] { message.id(), seq, message.from().uri(), message.to().uri(), message.contentType(),
                message.body(), message.time(), message.state().name(), message.read(), message.stateChanged(),
                message.failure(), stored.attempts(), stored.nextAttempt(), stored.expiresAt() };
    }

    static List<StoredMessage> toStoredMessages(PreparedStatement select) throws SQLException {
        List<StoredMessage> messages = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                messages.add(new StoredMessage(message(row), row.getInt("attempts"),
                        row.getObject("next_attempt") == null ? null : Columns.getInstant(row, "next_attempt"),
                        Columns.getInstant(row, "expires_at")));
            }
        }
        return messages;
    }

    static Message message(ResultSet row) throws SQLException {
        return new Message(row.getString("id"), SipAddress.parse(row.getString("sender")),
                SipAddress.parse(row.getString("recipient")), row.getString("content_type"), row.getString("body"),
                Columns.getInstant(row, "received_at"), MessageState.valueOf(row.getString("state")),
                row.getBoolean("is_read"), Columns.getInstant(row, "state_changed"), row.getString("failure"));
    }
}
