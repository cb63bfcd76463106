package dev.parley.api.messaging;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;

/**
 * Instant messages (RFC 3428): Parley stores every accepted message first, then delivers it to every registered
 * contact of the recipient, and keeps it pending (retried, delivered when the recipient registers again) until a
 * contact answers 2xx or it expires. Failures are {@link ParleyException}s: {@code NOT_FOUND} (no such recipient),
 * {@code FORBIDDEN} (recipient in a domain Parley does not serve), {@code PAYLOAD_TOO_LARGE},
 * {@code UNSUPPORTED_MEDIA_TYPE}, {@code LIMIT_EXCEEDED} (sender over its rate), {@code TEMPORARILY_UNAVAILABLE}
 * (a typing indication for a recipient with no registered contact: indications are never stored),
 * {@code INVALID_ARGUMENT}.
 */
@ProviderType
public interface MessagingService {

    /**
     * A message was accepted and stored. Properties: {@link #PROPERTY_ID}, {@link #PROPERTY_FROM}, {@link #PROPERTY_TO},
     * {@link #PROPERTY_CONTENT_TYPE}.
     */
    String TOPIC_RECEIVED = "parley/messaging/RECEIVED";
    /** A contact of the recipient took a message (2xx). Properties: id, from, to, {@link #PROPERTY_CONTACT}. */
    String TOPIC_DELIVERED = "parley/messaging/DELIVERED";
    /**
     * A message will not be delivered: refused for good or expired. Properties: id, from, to, {@link #PROPERTY_STATE}
     * ({@code FAILED} or {@code EXPIRED}), {@link #PROPERTY_REASON}.
     */
    String TOPIC_FAILED = "parley/messaging/FAILED";

    String PROPERTY_ID = "id";
    /** Sender as {@code sip:user@domain}. */
    String PROPERTY_FROM = "from";
    /** Recipient as {@code sip:user@domain}. */
    String PROPERTY_TO = "to";
    String PROPERTY_CONTENT_TYPE = "contentType";
    String PROPERTY_CONTACT = "contact";
    String PROPERTY_STATE = "state";
    String PROPERTY_REASON = "reason";

    /**
     * Sends a message as Parley on behalf of {@code from} (a user of a served domain) to {@code to}, with the same
     * checks and delivery as a MESSAGE from a client. Returns the stored message (state {@link MessageState#STORED};
     * delivery follows asynchronously).
     */
    Message send(SipAddress from, SipAddress to, String contentType, String body);

    Optional<Message> find(String id);

    /** The conversations of {@code user}, the one with the newest message first. */
    List<Conversation> conversations(SipAddress user);

    /**
     * The messages between {@code user} and {@code peer} in both directions, newest first: {@code limit} of them
     * after skipping the {@code offset} newest.
     */
    List<Message> messages(SipAddress user, SipAddress peer, int offset, int limit);

    /** Marks every message from {@code peer} to {@code user} read; returns how many were unread. */
    int markRead(SipAddress user, SipAddress peer);

    /**
     * Deletes a message of which {@code user} is the sender or the recipient, from the history of both; a pending
     * message is then no longer delivered. False if there is no such message of that user.
     */
    boolean delete(SipAddress user, String id);
}
