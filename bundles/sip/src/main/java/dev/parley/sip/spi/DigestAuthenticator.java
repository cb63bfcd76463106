package dev.parley.sip.spi;

import java.util.Optional;

import javax.sip.RequestEvent;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.osgi.annotation.versioning.ProviderType;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;

/**
 * SIP digest authentication (RFC 3261 section 22, RFC 8760): MD5 and SHA-256 with qop=auth, nonces that expire
 * (answered with stale=true) and cannot be replayed. Credentials come from the account service (HA1 only).
 */
@ProviderType
public interface DigestAuthenticator {

    /**
     * Checks the request's Authorization header (Proxy-Authorization when {@code proxy}) for {@code realm}.
     */
    AuthResult authenticate(Request request, String realm, boolean proxy);

    /**
     * A 401 with WWW-Authenticate (407 with Proxy-Authenticate when {@code proxy}): one challenge per supported
     * algorithm in the configured order, all with one fresh nonce; {@code stale=true} when {@code stale}.
     */
    Response challenge(Request request, String realm, boolean proxy, boolean stale);

    /**
     * What every authenticating handler does: {@link #authenticate} the request and, when it cannot go on, answer it.
     * Missing or stale credentials get a challenge, sent statelessly: cheaper, and recomputed on a retransmission.
     * That holds for INVITE too, as in stateless proxies: the ACK of its 407 finds no dialog and is dropped, and a
     * retransmitted INVITE is challenged again; a transaction per challenged call (kept seconds for its ACK) is what
     * it saves. Returns the authenticated user, or empty when the challenge was sent and the handler is done.
     *
     * @param revealUnknownUsers whether an unknown user gets 404 rather than the 403 of a wrong password (which
     *            keeps user names from being probed)
     * @throws ParleyException 400 for malformed credentials; 403 for a wrong password, a replayed nonce count, a
     *             disabled account or (unless revealed) an unknown user
     */
    default Optional<SipAddress> authenticateOrChallenge(SipCore core, RequestEvent event, String realm,
            boolean proxy, boolean revealUnknownUsers) {
        Request request = event.getRequest();
        AuthResult auth = authenticate(request, realm, proxy);
        switch (auth.outcome()) {
            case AUTHENTICATED -> {
                return Optional.ofNullable(auth.user());
            }
            case MISSING, STALE -> {
                core.respondStateless(event,
                        challenge(request, realm, proxy, auth.outcome() == AuthResult.Outcome.STALE));
                return Optional.empty();
            }
            default -> {
                // INFO: failed authentications are what an operator (or fail2ban) watches; the detail holds no secret
                LoggerFactory.getLogger(DigestAuthenticator.class).info("{} authentication failed in realm {}: {}",
                        request.getMethod(), realm, auth.detail());
                throw switch (auth.outcome()) {
                    case MALFORMED -> new ParleyException(ParleyError.INVALID_ARGUMENT,
                            proxy ? "Malformed Proxy-Authorization header" : "Malformed Authorization header");
                    case UNKNOWN_USER -> revealUnknownUsers ? new ParleyException(ParleyError.NOT_FOUND, "Not Found")
                            : new ParleyException(ParleyError.FORBIDDEN, "Forbidden");
                    default -> new ParleyException(ParleyError.FORBIDDEN, "Forbidden");
                };
            }
        }
    }
}
