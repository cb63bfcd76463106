package dev.parley.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Conversation;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;

/**
 * Persistence of instant messages: the conversation history and the store-and-forward queue (messages in state
 * {@code STORED}). Messages are ordered as they were added. Every write is durable on return.
 */
@ProviderType
public interface MessageStore {

    /** Adds a new message; its id must be new. */
    void add(StoredMessage message);

    Optional<StoredMessage> find(String id);

    /** The {@code STORED} messages to {@code recipient}, oldest first. */
    List<StoredMessage> pending(SipAddress recipient);

    /** The recipients that have {@code STORED} messages. */
    List<SipAddress> pendingRecipients();

    /** {@code STORED} messages whose next attempt is at or before {@code now}, oldest first, at most {@code limit}. */
    List<StoredMessage> due(Instant now, int limit);

    /** {@code STORED} messages that expire at or before {@code now}, oldest first, at most {@code limit}. */
    List<StoredMessage> expiring(Instant now, int limit);

    /** Records a failed attempt of a {@code STORED} message: the attempt count, the next attempt and why. */
    void retryLater(String id, int attempts, @Nullable Instant nextAttempt, @Nullable String failure);

    /**
     * Moves a {@code STORED} message to a final state ({@code DELIVERED}, {@code FAILED}, {@code EXPIRED}) at
     * {@code at}, with the failure (null for a delivery). False when it was not {@code STORED} (any more), so only
     * one caller wins when several contacts answer at once.
     */
    boolean finish(String id, MessageState state, Instant at, @Nullable String failure);

    /**
     * {@link #finish} for several messages in one durable write (the deliveries of a few milliseconds), without a
     * failure; returns how many of them were {@code STORED} and changed.
     */
    int finishAll(List<String> ids, MessageState state, Instant at);

    /** The conversations of {@code user}: one per peer, the newest last message first. */
    List<Conversation> conversations(SipAddress user);

    /** Messages between {@code user} and {@code peer}, newest first, skipping {@code offset}, at most {@code limit}. */
    List<Message> messages(SipAddress user, SipAddress peer, int offset, int limit);

    /** Marks the messages from {@code peer} to {@code user} read; returns how many were unread. */
    int markRead(SipAddress user, SipAddress peer);

    /** Deletes a message; false if there was none. */
    boolean delete(String id);
}
