package dev.parley.accounts.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** HA1 = H(user:realm:password) of HTTP digest (RFC 7616), lower-case hex, for MD5 and SHA-256 (RFC 8760). */
final class DigestHashes {

    private DigestHashes() {
    }

    static String md5(String user, String realm, String password) {
        return hash("MD5", user, realm, password);
    }

    static String sha256(String user, String realm, String password) {
        return hash("SHA-256", user, realm, password);
    }

    private static String hash(String algorithm, String user, String realm, String password) {
        try {
            byte[] input = (user + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(input));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide " + algorithm, e);
        }
    }
}
