package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Conversation;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.store.MessageStore;
import dev.parley.store.StoredMessage;

/** {@link MessageStore} on the embedded database. */
@Component(service = MessageStore.class)
public final class H2MessageStore implements MessageStore {

    private static final String SELECT = "SELECT " + MessageTable.COLUMNS + " FROM messages ";
    /** One row per peer of ?: the newest message's seq and the unread count, newest conversation first. */
    private static final String CONVERSATIONS = "SELECT " + prefixed("m") + ", c.unread FROM messages m JOIN ("
            + " SELECT CASE WHEN sender = ? THEN recipient ELSE sender END AS peer, MAX(seq) AS last_seq,"
            + " SUM(CASE WHEN recipient = ? AND NOT is_read THEN 1 ELSE 0 END) AS unread"
            + " FROM messages WHERE sender = ? OR recipient = ? GROUP BY peer) c ON m.seq = c.last_seq"
            + " ORDER BY m.seq DESC";

    private final H2Database database;
    /** Orders messages as they were added; continues after the highest stored one. */
    private final AtomicLong sequence;

    @Activate
    public H2MessageStore(@Reference(name = "database") H2Database database) {
        this.database = database;
        this.sequence = new AtomicLong(database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM messages");
                    ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }));
    }

    @Override
    public void add(StoredMessage message) {
        database.write(SqlChange.of(MessageTable.MERGE, MessageTable.row(message, sequence.incrementAndGet())));
    }

    @Override
    public Optional<StoredMessage> find(String id) {
        return select(SELECT + "WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public List<StoredMessage> pending(SipAddress recipient) {
        return select(SELECT + "WHERE recipient = ? AND state = 'STORED' ORDER BY seq", recipient.uri());
    }

    @Override
    public List<SipAddress> pendingRecipients() {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT recipient FROM messages WHERE state = 'STORED' ORDER BY recipient");
                    ResultSet row = select.executeQuery()) {
                List<SipAddress> recipients = new ArrayList<>();
                while (row.next()) {
                    recipients.add(SipAddress.parse(row.getString(1)));
                }
                return recipients;
            }
        });
    }

    @Override
    public List<StoredMessage> due(Instant now, int limit) {
        return select(SELECT + "WHERE state = 'STORED' AND next_attempt <= ? ORDER BY seq LIMIT ?", now, limit);
    }

    @Override
    public List<StoredMessage> expiring(Instant now, int limit) {
        return select(SELECT + "WHERE state = 'STORED' AND expires_at <= ? ORDER BY seq LIMIT ?", now, limit);
    }

    @Override
    public void retryLater(String id, int attempts, @Nullable Instant nextAttempt, @Nullable String failure) {
        database.write(SqlChange.of(MessageTable.RETRY, attempts, nextAttempt, failure, id));
    }

    @Override
    public boolean finish(String id, MessageState state, Instant at, @Nullable String failure) {
        if (state == MessageState.STORED) {
            throw new IllegalArgumentException("STORED is not a final state");
        }
        return database.write(SqlChange.of(MessageTable.FINISH, state.name(), at, failure, id)) > 0;
    }

    @Override
    public int finishAll(List<String> ids, MessageState state, Instant at) {
        if (state == MessageState.STORED) {
            throw new IllegalArgumentException("STORED is not a final state");
        }
        if (ids.isEmpty()) {
            return 0;
        }
        List<SqlChange.Statement> updates = new ArrayList<>(ids.size());
        for (String id : ids) {
            updates.add(new SqlChange.Statement(MessageTable.FINISH, Arrays.asList(state.name(), at, null, id)));
        }
        return database.write(new SqlChange(updates));
    }

    @Override
    public List<Conversation> conversations(SipAddress user) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(CONVERSATIONS)) {
                for (int i = 1; i <= 4; i++) {
                    select.setString(i, user.uri());
                }
                List<Conversation> conversations = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        Message last = MessageTable.message(row);
                        conversations.add(new Conversation(user, last.peerOf(user), last, row.getInt("unread")));
                    }
                }
                return conversations;
            }
        });
    }

    @Override
    public List<Message> messages(SipAddress user, SipAddress peer, int offset, int limit) {
        return select(SELECT + "WHERE (sender = ? AND recipient = ?) OR (sender = ? AND recipient = ?)"
                + " ORDER BY seq DESC LIMIT ? OFFSET ?", user.uri(), peer.uri(), peer.uri(), user.uri(), limit, offset)
                .stream().map(StoredMessage::message).toList();
    }

    @Override
    public int markRead(SipAddress user, SipAddress peer) {
        return database.write(SqlChange.of(MessageTable.MARK_READ, user.uri(), peer.uri()));
    }

    @Override
    public boolean delete(String id) {
        return database.write(SqlChange.of(MessageTable.DELETE, id)) > 0;
    }

    private List<StoredMessage> select(String sql, Object... parameters) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    if (parameters[i] instanceof Instant instant) {
                        Columns.setInstant(select, i + 1, instant);
                    } else {
                        select.setObject(i + 1, parameters[i]);
                    }
                }
                return MessageTable.toStoredMessages(select);
            }
        });
    }

    private static String prefixed(String alias) {
        return alias + "." + MessageTable.COLUMNS.replace(", ", ", " + alias + ".");
    }
}
