package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.account.AccountService;
import dev.parley.api.account.DigestCredentials;
import dev.parley.api.common.SipAddress;
import dev.parley.sip.spi.AuthResult;
import dev.parley.sip.spi.AuthResult.Outcome;

class DigestAuthenticatorImplTest {
    private static final String REALM = "example.org";
    private static final String PASSWORD = "s3cret";
    private static final String URI = "sip:example.org";

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-25T12:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final RecordingSipCore core = new RecordingSipCore();
    private final AccountService accounts = mock(AccountService.class);
    private final ManualClock clock = new ManualClock();
    private final DigestAuthenticatorImpl authenticator = new DigestAuthenticatorImpl(accounts, core,
            new Nonces(clock, 60), DigestAuthenticatorImpl.Algorithm.listOf("MD5,SHA-256"));

    /** Digest computed from the RFC formulas here, independently of the code under test. */
    private static String hash(String algorithm, String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static DigestCredentials credentials(String user, boolean enabled) throws Exception {
        String a1 = user + ":" + REALM + ":" + PASSWORD;
        return new DigestCredentials(new SipAddress(user, REALM), REALM, hash("MD5", a1), hash("SHA-256", a1),
                enabled);
    }

    @BeforeEach
    void accounts() throws Exception {
        when(accounts.credentials(anyString(), anyString())).thenReturn(Optional.empty());
        when(accounts.credentials("alice", REALM)).thenReturn(Optional.of(credentials("alice", true)));
        when(accounts.credentials("carol", REALM)).thenReturn(Optional.of(credentials("carol", false)));
    }

    private List<WWWAuthenticateHeader> challenges(boolean stale) {
        Response response = authenticator.challenge(register(), REALM, false, stale);
        assertEquals(401, response.getStatusCode());
        List<WWWAuthenticateHeader> challenges = new ArrayList<>();
        for (Iterator<?> it = response.getHeaders(WWWAuthenticateHeader.NAME); it.hasNext();) {
            challenges.add((WWWAuthenticateHeader) it.next());
        }
        return challenges;
    }

    private String nonce(String algorithm) {
        return challenges(false).stream().filter(c -> c.getAlgorithm().equals(algorithm)).findFirst().orElseThrow()
                .getNonce();
    }

    private Request register(String... authorization) {
        String[] headers = new String[authorization.length];
        for (int i = 0; i < authorization.length; i++) {
            headers[i] = "Authorization: " + authorization[i];
        }
        String[] lines = new String[8 + headers.length];
        lines[0] = "REGISTER " + URI + " SIP/2.0";
        lines[1] = "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-reg";
        lines[2] = "Max-Forwards: 70";
        lines[3] = "From: <sip:alice@example.org>;tag=f1";
        lines[4] = "To: <sip:alice@example.org>";
        lines[5] = "Call-ID: reg-1";
        lines[6] = "CSeq: 2 REGISTER";
        lines[7] = "Content-Length: 0";
        System.arraycopy(headers, 0, lines, 8, headers.length);
        return core.parse(lines);
    }

    /** An Authorization header value as a client computes it (RFC 3261 22.4, RFC 8760). */
    private static String authorization(String javaAlgorithm, String token, String user, String password,
            String nonce, String nc, String uri) throws Exception {
        String ha1 = hash(javaAlgorithm, user + ":" + REALM + ":" + password);
        String ha2 = hash(javaAlgorithm, "REGISTER:" + uri);
        String response = hash(javaAlgorithm, ha1 + ":" + nonce + ":" + nc + ":0a4f113b:auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", response=\"" + response + "\", algorithm=" + token + ", qop=auth, nc=" + nc
                + ", cnonce=\"0a4f113b\"";
    }

    private AuthResult authenticate(String authorizationValue) {
        return authenticator.authenticate(register(authorizationValue), REALM, false);
    }

    @Test
    void challengeOffersTheConfiguredAlgorithmsInOrderWithQopAuthAndOneFreshNonce() {
        List<WWWAuthenticateHeader> challenges = challenges(false);
        assertEquals(List.of("MD5", "SHA-256"), challenges.stream().map(WWWAuthenticateHeader::getAlgorithm).toList());
        for (WWWAuthenticateHeader challenge : challenges) {
            assertEquals(REALM, challenge.getRealm());
            assertEquals("auth", challenge.getQop());
            assertFalse(challenge.isStale());
            assertTrue(challenge.toString().contains("qop=\"auth\""), challenge.toString());
        }
        assertEquals(challenges.get(0).getNonce(), challenges.get(1).getNonce());
        assertNotEquals(challenges.get(0).getNonce(), challenges(false).get(0).getNonce());
        assertTrue(challenges(true).stream().allMatch(WWWAuthenticateHeader::isStale));
    }

    @Test
    void offerOrderFollowsConfigurationAndAnAlgorithmNotOfferedIsRefused() throws Exception {
        String md5Nonce = nonce("MD5");
        authenticator.modified(TestConfigs.config(Map.of("digest.algorithms", "SHA-256")));
        assertEquals(List.of("SHA-256"), challenges(false).stream().map(WWWAuthenticateHeader::getAlgorithm).toList());
        assertEquals(Outcome.MALFORMED, authenticate(authorization("MD5", "MD5", "alice", PASSWORD, md5Nonce,
                "00000001", URI)).outcome());

        authenticator.modified(TestConfigs.config(Map.of("digest.algorithms", "SHA-256,MD5")));
        assertEquals(List.of("SHA-256", "MD5"),
                challenges(false).stream().map(WWWAuthenticateHeader::getAlgorithm).toList());
        authenticator.modified(TestConfigs.config(Map.of("digest.algorithms", "SHA-1")));
        assertEquals(List.of("SHA-256", "MD5"), challenges(false).stream().map(WWWAuthenticateHeader::getAlgorithm)
                .toList(), "a refused setting keeps the running one");
    }

    @Test
    void authenticatesBothAlgorithms() throws Exception {
        AuthResult sha = authenticate(authorization("SHA-256", "SHA-256", "alice", PASSWORD, nonce("SHA-256"),
                "00000001", URI));
        assertEquals(Outcome.AUTHENTICATED, sha.outcome(), sha.detail());
        assertEquals(new SipAddress("alice", REALM), sha.user());
        AuthResult md5 = authenticate(authorization("MD5", "MD5", "alice", PASSWORD, nonce("MD5"), "00000001", URI));
        assertEquals(Outcome.AUTHENTICATED, md5.outcome(), md5.detail());
    }

    @Test
    void missingAlgorithmMeansMd5() throws Exception {
        String value = authorization("MD5", "MD5", "alice", PASSWORD, nonce("MD5"), "00000001", URI)
                .replace(", algorithm=MD5", "");
        assertEquals(Outcome.AUTHENTICATED, authenticate(value).outcome());
    }

    @Test
    void digestUriIsComparedAsAUri() throws Exception {
        String uri = "sip:EXAMPLE.org";
        assertEquals(Outcome.AUTHENTICATED, authenticate(authorization("SHA-256", "SHA-256", "alice", PASSWORD,
                nonce("SHA-256"), "00000001", uri)).outcome());
        assertEquals(Outcome.MALFORMED, authenticate(authorization("SHA-256", "SHA-256", "alice", PASSWORD,
                nonce("SHA-256"), "00000001", "sip:other.example")).outcome());
    }

    @Test
    void noCredentialsForTheRealmIsMissing() throws Exception {
        assertEquals(Outcome.MISSING, authenticator.authenticate(register(), REALM, false).outcome());
        String otherRealm = authorization("MD5", "MD5", "alice", PASSWORD, nonce("MD5"), "00000001", URI)
                .replace("realm=\"" + REALM + "\"", "realm=\"elsewhere.org\"");
        assertEquals(Outcome.MISSING, authenticate(otherRealm).outcome());
    }

    @Test
    void wrongPasswordUnknownUserAndDisabledAccount() throws Exception {
        assertEquals(Outcome.WRONG_CREDENTIALS, authenticate(authorization("SHA-256", "SHA-256", "alice", "guess",
                nonce("SHA-256"), "00000001", URI)).outcome());
        assertEquals(Outcome.UNKNOWN_USER, authenticate(authorization("SHA-256", "SHA-256", "mallory", PASSWORD,
                nonce("SHA-256"), "00000001", URI)).outcome());
        AuthResult disabled = authenticate(authorization("SHA-256", "SHA-256", "carol", PASSWORD, nonce("SHA-256"),
                "00000001", URI));
        assertEquals(Outcome.DISABLED, disabled.outcome());
        assertEquals(new SipAddress("carol", REALM), disabled.user());
    }

    @Test
    void expiredNonceWithACorrectDigestIsStale() throws Exception {
        String nonce = nonce("SHA-256");
        clock.now = clock.now.plusSeconds(61);
        assertEquals(Outcome.STALE, authenticate(authorization("SHA-256", "SHA-256", "alice", PASSWORD, nonce,
                "00000001", URI)).outcome());
    }

    @Test
    void nonceFromAnotherActivationIsStale() throws Exception {
        String foreign = new DigestAuthenticatorImpl(accounts, core, new Nonces(clock, 60),
                DigestAuthenticatorImpl.Algorithm.listOf("MD5"))
                .challenge(register(), REALM, false, false).getHeader(WWWAuthenticateHeader.NAME).toString();
        String nonce = foreign.replaceAll("(?s).*nonce=\"([^\"]+)\".*", "$1").trim();
        assertEquals(Outcome.STALE, authenticate(authorization("MD5", "SHA-256", "alice", PASSWORD, nonce,
                "00000001", URI).replace("algorithm=SHA-256", "algorithm=MD5")).outcome());
    }

    @Test
    void nonceCountMustStrictlyIncrease() throws Exception {
        String nonce = nonce("SHA-256");
        assertEquals(Outcome.AUTHENTICATED, authenticate(authorization("SHA-256", "SHA-256", "alice", PASSWORD,
                nonce, "00000002", URI)).outcome());
        AuthResult replay = authenticate(authorization("SHA-256", "SHA-256", "alice", PASSWORD, nonce, "00000002",
                URI));
        assertEquals(Outcome.WRONG_CREDENTIALS, replay.outcome());
        assertEquals("nonce count replayed", replay.detail());
        assertEquals(Outcome.WRONG_CREDENTIALS, authenticate(authorization("SHA-256", "SHA-256", "alice", PASSWORD,
                nonce, "00000001", URI)).outcome());
        assertEquals(Outcome.AUTHENTICATED, authenticate(authorization("SHA-256", "SHA-256", "alice", PASSWORD,
                nonce, "00000003", URI)).outcome());
    }

    @Test
    void malformedCredentials() throws Exception {
        String good = authorization("SHA-256", "SHA-256", "alice", PASSWORD, nonce("SHA-256"), "00000001", URI);
        assertEquals(Outcome.MALFORMED, authenticate(good.replace(", cnonce=\"0a4f113b\"", "")).outcome());
        assertEquals(Outcome.MALFORMED, authenticate(good.replace("qop=auth", "qop=auth-int")).outcome());
        assertEquals(Outcome.MALFORMED, authenticate(good.replace("nc=00000001", "nc=1")).outcome());
        assertEquals(Outcome.MALFORMED, authenticate(good.replace("algorithm=SHA-256", "algorithm=SHA-512-256"))
                .outcome());
    }

    @Test
    void aNonceIsUsableUntilItsSlotIsIssuedAgainThenStale() {
        Nonces nonces = new Nonces(clock, 60, 4);
        String first = nonces.issue();
        assertEquals(Nonces.Verdict.VALID, nonces.check(first, 1));
        for (int i = 0; i < 3; i++) {
            assertEquals(Nonces.Verdict.VALID, nonces.check(nonces.issue(), 1));
        }
        assertEquals(Nonces.Verdict.VALID, nonces.check(first, 2), "three nonces later its slot is still its own");

        String reusesTheSlot = nonces.issue();
        assertEquals(Nonces.Verdict.STALE, nonces.check(first, 3));
        assertEquals(Nonces.Verdict.VALID, nonces.check(reusesTheSlot, 1), "a new nonce starts its own count");
        assertEquals(Nonces.Verdict.REPLAYED, nonces.check(reusesTheSlot, 1));
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new Nonces(clock, 60, 1000));
    }
}
