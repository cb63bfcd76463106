package dev.parley.api.call;

import dev.parley.api.common.SipAddress;

/**
 * A call offered to a {@link CallDiversion} service.
 *
 * @param callId the call's identifier, for {@link CallService#hangUp} when the service is done with it
 * @param caller who called
 * @param callee the user who could not take the call (whose mailbox, say)
 * @param reason why the callee did not take it
 * @param sdpOffer the caller's session description (RFC 4566), to be answered by the service
 */
public record DivertedCall(String callId, SipAddress caller, SipAddress callee, DiversionReason reason,
        String sdpOffer) {
}
