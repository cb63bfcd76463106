package dev.parley.api.call;

import java.time.Instant;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;

/**
 * A call between two parties as Parley sees it: two SIP dialogs (one with each party) joined by Parley.
 *
 * @param id Parley's identifier of the call, stable for its life (not a SIP Call-ID)
 * @param caller who called
 * @param callee who was called
 * @param state the current state
 * @param started when the caller's INVITE arrived (or, for {@link CallService#originate}, the first INVITE left)
 * @param answered when the callee answered, or {@code null}
 * @param ended when it ended, or {@code null}
 * @param endReason why it ended, or {@code null} while it lasts
 */
public record Call(String id, SipAddress caller, SipAddress callee, CallState state, Instant started,
        @Nullable Instant answered, @Nullable Instant ended, @Nullable EndReason endReason) {
}
