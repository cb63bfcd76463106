package dev.parley.store;

import java.time.Instant;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.messaging.Message;

/**
 * A message row: the message plus its delivery schedule.
 *
 * @param message the message as the api shows it
 * @param attempts delivery attempts that failed so far
 * @param nextAttempt when a pending message is tried again; {@code null} while it waits for the recipient to
 *        register (and for messages no longer pending)
 * @param expiresAt when a message still pending becomes {@code EXPIRED}
 */
public record StoredMessage(Message message, int attempts, @Nullable Instant nextAttempt, Instant expiresAt) {

    public String id() {
        return message.id();
    }
}
