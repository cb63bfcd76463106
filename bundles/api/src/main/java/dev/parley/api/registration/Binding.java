package dev.parley.api.registration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;

/**
 * One contact bound to an address of record by a REGISTER (RFC 3261 section 10).
 *
 * @param aor the address of record
 * @param contact the contact URI as the client registered it
 * @param expiresAt when the binding lapses unless refreshed
 * @param q the contact's preference, 0.0 to 1.0 (1.0 when not given)
 * @param callId Call-ID of the REGISTER that last wrote it
 * @param cseq CSeq number of that REGISTER
 * @param transport transport the REGISTER arrived on ({@code udp}, {@code tcp}, {@code ws}, ...)
 * @param source host:port the REGISTER came from (RFC 3581 received/rport), where requests are sent back to
 * @param path Path header values (RFC 3327), outermost first
 * @param instanceId the +sip.instance of RFC 5626, if given
 * @param regId the reg-id of RFC 5626, or 0
 * @param userAgent the User-Agent header, if given
 * @param updated when it was last written
 */
public record Binding(SipAddress aor, String contact, Instant expiresAt, float q, String callId, long cseq,
        String transport, String source, List<String> path, @Nullable String instanceId, int regId,
        @Nullable String userAgent, Instant updated) {

    public Binding {
        path = List.copyOf(path);
    }

    /** Whole seconds left until {@link #expiresAt()}, never negative. */
    public long expiresIn(Instant now) {
        return Math.max(0, Duration.between(now, expiresAt).toSeconds());
    }

    public boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
