package dev.parley.itests.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SIP digest authentication computed independently of Parley (RFC 2617 / RFC 7616 / RFC 8760), so the tests check
 * the server against the specification rather than against its own code.
 */
public final class Digest {

    private Digest() {
    }

    /** The Java name of a digest algorithm token: {@code MD5}, {@code SHA-256} (the {@code -sess} forms unsupported). */
    public static String javaAlgorithm(String sipAlgorithm) {
        String algorithm = sipAlgorithm == null ? "MD5" : sipAlgorithm.toUpperCase(Locale.ROOT);
        switch (algorithm) {
            case "MD5":
                return "MD5";
            case "SHA-256":
                return "SHA-256";
            default:
                throw new IllegalArgumentException("Unsupported digest algorithm " + sipAlgorithm);
        }
    }

    /** Lower-case hex hash of {@code text} with the SIP algorithm {@code algorithm}. */
    public static String hash(String algorithm, String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance(javaAlgorithm(algorithm));
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The {@code response} parameter of an Authorization header. With {@code qop} null (RFC 2069 compatibility)
     * {@code nc} and {@code cnonce} are ignored.
     */
    public static String response(String algorithm, String user, String realm, String password, String method,
            String uri, String nonce, String qop, String nc, String cnonce) {
        String ha1 = hash(algorithm, user + ":" + realm + ":" + password);
        String ha2 = hash(algorithm, method + ":" + uri);
        String data = qop == null ? nonce + ":" + ha2 : nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2;
        return hash(algorithm, ha1 + ":" + data);
    }
}
