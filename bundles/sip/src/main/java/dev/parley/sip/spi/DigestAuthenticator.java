package dev.parley.sip.spi;

import javax.sip.message.Request;
import javax.sip.message.Response;

import org.osgi.annotation.versioning.ProviderType;

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
     * algorithm, SHA-256 first, each with a fresh nonce; {@code stale=true} when {@code stale}.
     */
    Response challenge(Request request, String realm, boolean proxy, boolean stale);
}
