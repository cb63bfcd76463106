package dev.parley.store;

import java.time.Instant;

import dev.parley.api.common.SipAddress;

/**
 * An answered call as the call store keeps it.
 *
 * @param id Parley's identifier of the call
 * @param caller who called
 * @param callee who was called
 * @param state the {@code dev.parley.api.call.CallState} name
 * @param started when the caller's INVITE arrived
 * @param answered when the callee answered
 * @param callerLeg the dialog between Parley and the caller
 * @param calleeLeg the dialog between Parley and the callee
 */
public record StoredCall(String id, SipAddress caller, SipAddress callee, String state, Instant started,
        Instant answered, StoredCallLeg callerLeg, StoredCallLeg calleeLeg) {
}
