package dev.parley.registration.internal;

import org.eclipse.jdt.annotation.Nullable;

/**
 * One Contact of a REGISTER, as the client wrote it.
 *
 * @param uri the contact URI, or {@value #WILDCARD_URI} for {@code Contact: *}
 * @param expires its {@code expires} parameter in seconds, if given
 * @param q its {@code q} parameter, 1.0 when not given
 * @param instanceId the RFC 5626 {@code +sip.instance} without quotes, if given
 * @param regId the RFC 5626 {@code reg-id}, 0 when not given
 */
public record ContactRequest(String uri, @Nullable Long expires, float q, @Nullable String instanceId, int regId) {

    public static final String WILDCARD_URI = "*";

    public static ContactRequest wildcard() {
        return new ContactRequest(WILDCARD_URI, null, 1.0f, null, 0);
    }

    public boolean isWildcard() {
        return WILDCARD_URI.equals(uri);
    }

    /** True when RFC 5626 identifies this contact's flow by instance and reg-id rather than by URI. */
    public boolean hasOutboundFlow() {
        return instanceId != null && regId > 0;
    }
}
