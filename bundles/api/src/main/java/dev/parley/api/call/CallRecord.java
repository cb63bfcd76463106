package dev.parley.api.call;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;

/**
 * One entry of a user's call history: an ended call, as that user saw it.
 *
 * @param callId the call's identifier ({@link Call#id()})
 * @param owner the user whose history this entry belongs to
 * @param direction whether the owner called or was called
 * @param caller who called
 * @param callee who was called
 * @param started when the call started
 * @param answered when it was answered, or {@code null} if it never was
 * @param ended when it ended
 * @param endReason why it ended
 */
public record CallRecord(String callId, SipAddress owner, CallDirection direction, SipAddress caller,
        SipAddress callee, Instant started, @Nullable Instant answered, Instant ended, EndReason endReason) {

    /** Time talked: from the answer to the end, zero for an unanswered call. */
    public Duration duration() {
        Instant answer = answered;
        return answer == null ? Duration.ZERO : Duration.between(answer, ended);
    }

    /** The other party. */
    public SipAddress peer() {
        return direction == CallDirection.OUTGOING ? callee : caller;
    }
}
