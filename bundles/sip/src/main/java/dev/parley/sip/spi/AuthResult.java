package dev.parley.sip.spi;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;

/**
 * What {@link DigestAuthenticator#authenticate} found.
 *
 * @param outcome the verdict
 * @param user the authenticated account for {@link Outcome#AUTHENTICATED}; the claimed one (if it parsed) otherwise
 * @param detail why it failed, for the reason phrase and the log: never contains a secret
 */
public record AuthResult(Outcome outcome, @Nullable SipAddress user, String detail) {

    public enum Outcome {
        /** Credentials verified. */
        AUTHENTICATED,
        /** No credentials for this realm: send a challenge. */
        MISSING,
        /** The nonce expired (or is unknown after a restart): challenge again with stale=true. */
        STALE,
        /** Known user, wrong digest, or a replayed nonce count: 403. */
        WRONG_CREDENTIALS,
        /** No account of that name in the realm. */
        UNKNOWN_USER,
        /** The account exists but is disabled: 403. */
        DISABLED,
        /** The header cannot be understood (missing fields, unsupported algorithm or qop): 400. */
        MALFORMED
    }

    public boolean authenticated() {
        return outcome == Outcome.AUTHENTICATED;
    }
}
