package dev.parley.sip.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.account.AccountService;
import dev.parley.api.account.DigestCredentials;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.sip.spi.AuthResult;
import dev.parley.sip.spi.AuthResult.Outcome;
import dev.parley.sip.spi.DigestAuthenticator;
import dev.parley.sip.spi.SipCore;

/**
 * SIP digest authentication (RFC 3261 section 22, RFC 8760) with qop=auth, MD5 and SHA-256 offered in the
 * configured order, signed expiring nonces ({@link Nonces}) and a strictly increasing nonce count. Logs outcomes,
 * never a digest or a nonce.
 */
@Component(service = DigestAuthenticator.class, configurationPid = SipConfig.PID)
public final class DigestAuthenticatorImpl implements DigestAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(DigestAuthenticatorImpl.class);
    private static final String SCHEME = "Digest";
    private static final String QOP_AUTH = "auth";
    private static final Pattern NONCE_COUNT = Pattern.compile("[0-9a-fA-F]{8}");

    /** The algorithms Parley can verify. */
    enum Algorithm {
        SHA_256("SHA-256", "SHA-256"), MD5("MD5", "MD5");

        final String token;
        private final String javaName;

        Algorithm(String token, String javaName) {
            this.token = token;
            this.javaName = javaName;
        }

        static Optional<Algorithm> of(@Nullable String token) {
            for (Algorithm algorithm : values()) {
                if (algorithm.token.equalsIgnoreCase(token == null ? MD5.token : token)) {
                    return Optional.of(algorithm);
                }
            }
            return Optional.empty();
        }

        String hash(String text) {
            try {
                MessageDigest digest = MessageDigest.getInstance(javaName);
                return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(javaName + " is missing from this JVM", e);
            }
        }

        String ha1(DigestCredentials credentials) {
            return this == MD5 ? credentials.ha1Md5() : credentials.ha1Sha256();
        }

        /** {@code "MD5,SHA-256"} to the algorithms in that order; unknown or no names are refused. */
        static List<Algorithm> listOf(String names) {
            List<Algorithm> algorithms = new ArrayList<>();
            for (String name : names.split(",")) {
                if (!name.isBlank()) {
                    Algorithm algorithm = of(name.trim())
                            .orElseThrow(() -> new IllegalArgumentException("unknown digest algorithm '" + name.trim()
                                    + "' (known: MD5, SHA-256)"));
                    if (!algorithms.contains(algorithm)) {
                        algorithms.add(algorithm);
                    }
                }
            }
            if (algorithms.isEmpty()) {
                throw new IllegalArgumentException("at least one digest algorithm is needed");
            }
            return List.copyOf(algorithms);
        }
    }

    private final AccountService accounts;
    private final SipCore core;
    private final Nonces nonces;
    /** Offered in this order; a response computed with another algorithm is refused. */
    private volatile List<Algorithm> offered;

    @Activate
    public DigestAuthenticatorImpl(@Reference AccountService accounts, @Reference SipCore core, SipConfig config) {
        this(accounts, core, new Nonces(Clock.systemUTC(), config.nonce_lifetime()),
                Algorithm.listOf(config.digest_algorithms()));
    }

    DigestAuthenticatorImpl(AccountService accounts, SipCore core, Nonces nonces, List<Algorithm> offered) {
        this.accounts = accounts;
        this.core = core;
        this.nonces = nonces;
        this.offered = offered;
    }

    @Modified
    void modified(SipConfig config) {
        nonces.setLifetime(config.nonce_lifetime());
        try {
            offered = Algorithm.listOf(config.digest_algorithms());
        } catch (IllegalArgumentException e) {
            LOG.error("digest.algorithms refused, keeping {}: {}", offered, e.getMessage());
        }
    }

    @Override
    public Response challenge(Request request, String realm, boolean proxy, boolean stale) {
        Response response = core.createResponse(proxy ? Response.PROXY_AUTHENTICATION_REQUIRED : Response.UNAUTHORIZED,
                request);
        // one nonce for every offered algorithm: the client answers one challenge, and a nonce used is tracked once
        String nonce = nonces.issue();
        try {
            for (Algorithm algorithm : offered) {
                WWWAuthenticateHeader challenge = proxy ? core.headerFactory().createProxyAuthenticateHeader(SCHEME)
                        : core.headerFactory().createWWWAuthenticateHeader(SCHEME);
                challenge.setRealm(realm);
                challenge.setNonce(nonce);
                challenge.setAlgorithm(algorithm.token);
                challenge.setQop(QOP_AUTH);
                if (stale) {
                    challenge.setStale(true);
                }
                response.addHeader(challenge);
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("realm cannot be put in a challenge: " + realm, e);
        }
        return response;
    }

    @Override
    public AuthResult authenticate(Request request, String realm, boolean proxy) {
        AuthorizationHeader header = credentialsFor(request, realm, proxy);
        if (header == null) {
            return result(Outcome.MISSING, null, "no credentials for realm " + realm);
        }
        String user = header.getUsername();
        SipAddress claimed = user == null ? null : address(user, realm);
        String nonce = header.getNonce();
        String response = header.getResponse();
        String cnonce = header.getCNonce();
        String digestUri = header.getParameter("uri");
        String nonceCount = header.getParameter("nc");
        if (!SCHEME.equalsIgnoreCase(header.getScheme()) || user == null || nonce == null || response == null
                || cnonce == null || digestUri == null || nonceCount == null) {
            return result(Outcome.MALFORMED, claimed, "incomplete digest credentials");
        }
        Optional<Algorithm> algorithm = Algorithm.of(header.getAlgorithm()).filter(offered::contains);
        if (algorithm.isEmpty()) {
            return result(Outcome.MALFORMED, claimed, "algorithm not offered");
        }
        if (!QOP_AUTH.equalsIgnoreCase(header.getQop()) || !NONCE_COUNT.matcher(nonceCount).matches()) {
            return result(Outcome.MALFORMED, claimed, "qop must be auth with an 8-digit nc");
        }
        if (!sameUri(digestUri, request.getRequestURI())) {
            return result(Outcome.MALFORMED, claimed, "digest uri is not the Request-URI");
        }
        Optional<DigestCredentials> found = accounts.credentials(user, realm);
        if (found.isEmpty()) {
            return result(Outcome.UNKNOWN_USER, claimed, "no such user in " + realm);
        }
        DigestCredentials credentials = found.get();
        if (!credentials.enabled()) {
            return result(Outcome.DISABLED, credentials.address(), "account disabled");
        }
        Algorithm hash = algorithm.get();
        String ha2 = hash.hash(request.getMethod() + ":" + digestUri);
        String expected = hash.hash(hash.ha1(credentials) + ":" + nonce + ":" + nonceCount + ":" + cnonce + ":"
                + QOP_AUTH + ":" + ha2);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return result(Outcome.WRONG_CREDENTIALS, credentials.address(), "wrong password");
        }
        // the digest is right; only now may the nonce's age say stale (RFC 7616 section 3.3)
        return switch (nonces.check(nonce, Long.parseLong(nonceCount, 16))) {
            case VALID -> result(Outcome.AUTHENTICATED, credentials.address(), "ok");
            case STALE -> result(Outcome.STALE, credentials.address(), "nonce expired");
            case REPLAYED -> result(Outcome.WRONG_CREDENTIALS, credentials.address(), "nonce count replayed");
        };
    }

    private static @Nullable AuthorizationHeader credentialsFor(Request request, String realm, boolean proxy) {
        Iterator<?> headers = request.getHeaders(proxy ? ProxyAuthorizationHeader.NAME : AuthorizationHeader.NAME);
        while (headers.hasNext()) {
            AuthorizationHeader header = (AuthorizationHeader) headers.next();
            if (realm.equals(header.getRealm())) {
                return header;
            }
        }
        return null;
    }

    /** RFC 3261 URI comparison, so {@code sip:Example.ORG} matches {@code sip:example.org}. */
    private boolean sameUri(String digestUri, URI requestUri) {
        try {
            return core.addressFactory().createURI(digestUri).equals(requestUri);
        } catch (ParseException e) {
            return false;
        }
    }

    private static @Nullable SipAddress address(String user, String realm) {
        try {
            return new SipAddress(user, realm);
        } catch (ParleyException e) {
            return null;
        }
    }

    private static AuthResult result(Outcome outcome, @Nullable SipAddress user, String detail) {
        LOG.debug("Digest {} for {}: {}", outcome, user, detail);
        return new AuthResult(outcome, user, detail);
    }
}
