package dev.parley.registration.internal;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;

/**
 * What the registrar needs from one REGISTER once the SIP layer has authenticated and parsed it.
 *
 * @param aor the address of record (To), already checked against the authenticated user
 * @param callId the request's Call-ID
 * @param cseq the request's CSeq number
 * @param contacts its Contact header values in order; empty for a query
 * @param expiresHeader the Expires header in seconds, if given
 * @param transport the transport it arrived on
 * @param source host:port it came from
 * @param path the Path values to store (empty unless the client supports path)
 * @param userAgent the User-Agent header, if given
 */
public record RegisterRequest(SipAddress aor, String callId, long cseq, List<ContactRequest> contacts,
        @Nullable Long expiresHeader, String transport, String source, List<String> path,
        @Nullable String userAgent) {

    public RegisterRequest {
        contacts = List.copyOf(contacts);
        path = List.copyOf(path);
    }

    public boolean isQuery() {
        return contacts.isEmpty();
    }
}
