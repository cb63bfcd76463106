package dev.parley.api.call;

import org.osgi.annotation.versioning.ConsumerType;

import dev.parley.api.common.SipAddress;

/**
 * Claims addresses in Parley's domains that are services rather than users (a voicemail access number such as
 * {@code sip:*98@example.org}). The call service asks every registered target before it answers 404 for an address
 * without an account; a claimed address is called like a user with no registered contact, so the
 * {@link CallDiversion} service receives it (reason {@link DiversionReason#UNREGISTERED}) and answers it. Called on
 * a SIP worker thread: decide at once, from memory.
 */
@ConsumerType
public interface CallTarget {

    /** Whether calls to {@code address} are this service's to answer. */
    boolean serves(SipAddress address);
}
