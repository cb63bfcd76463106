package dev.parley.api.call;

import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

import dev.parley.api.common.SipAddress;

/**
 * Takes calls a user cannot take. The call service consults the diversion service with the highest
 * {@code service.ranking}, if any: when it returns a session, the caller is answered by that session; when it returns
 * empty, or there is no such service, the caller gets the usual failure (480, 486 or 408). Called on a SIP worker
 * thread: decide quickly.
 */
@ConsumerType
public interface CallDiversion {

    /** Takes over {@code call}, or returns empty to leave it to fail as usual. */
    Optional<DivertedSession> divert(DivertedCall call);

    /**
     * How long calls to {@code callee} ring before they count as unanswered (and are offered to {@link #divert}), if
     * the user chose it; empty: the call service's own no-answer timeout. Asked once per call as it starts ringing:
     * answer from memory.
     */
    default Optional<Duration> noAnswerTimeout(SipAddress callee) {
        return Optional.empty();
    }
}
