package dev.parley.api.messaging;

import java.time.Instant;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;

/**
 * One instant message, as stored.
 *
 * @param id Parley's identifier of the message
 * @param from the sender
 * @param to the recipient
 * @param contentType the MIME type as the sender gave it, parameters included ({@code text/plain;charset=UTF-8})
 * @param body the content, decoded with the charset of {@code contentType} (UTF-8 when none is named)
 * @param time when Parley accepted it
 * @param state delivery state
 * @param read whether the recipient marked it read
 * @param stateChanged when {@code state} was last set (equals {@code time} while {@link MessageState#STORED})
 * @param failure why the last delivery attempt failed ({@code 480 Temporarily Unavailable}, {@code timeout}), or
 *        {@code null} if none failed
 */
public record Message(String id, SipAddress from, SipAddress to, String contentType, String body, Instant time,
        MessageState state, boolean read, Instant stateChanged, @Nullable String failure) {

    /** The other party of the conversation, seen from {@code user}. */
    public SipAddress peerOf(SipAddress user) {
        return from.equals(user) ? to : from;
    }
}
