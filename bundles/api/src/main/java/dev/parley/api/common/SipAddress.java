package dev.parley.api.common;

import java.util.Locale;

/**
 * An address of record: {@code sip:user@domain}, without parameters, display name or port.
 * The user part is case-sensitive (RFC 3261 section 19.1.4), the domain is not and is kept in lower case.
 */
public record SipAddress(String user, String domain) {

    /** RFC 3261 "user" characters besides letters and digits: unreserved marks, escapes and user-unreserved. */
    private static final String USER_MARKS = "-_.!~*'()&=+$,;?/%";
    private static final int MAX_USER = 64;
    private static final int MAX_DOMAIN = 253;
    private static final int MAX_LABEL = 63;

    // Checked by hand rather than by regular expression: an address is built several times for every request
    // (handler, authenticator, account lookup), and the domain pattern alone was 7 % of a REGISTER profile.
    public SipAddress {
        if (user == null || !isUser(user)) {
            throw new ParleyException(ParleyError.INVALID_ADDRESS, "invalid user part: '" + user + "'");
        }
        domain = domain == null ? null : domain.toLowerCase(Locale.ROOT);
        if (domain == null || !isDomain(domain)) {
            throw new ParleyException(ParleyError.INVALID_ADDRESS, "invalid domain: '" + domain + "'");
        }
    }

    private static boolean isUser(String user) {
        int length = user.length();
        if (length == 0 || length > MAX_USER) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = user.charAt(i);
            if (!isAsciiLetterOrDigit(c) && USER_MARKS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** A host name or an IPv4 address: dot-separated labels of 1 to 63 letters, digits and inner hyphens. */
    private static boolean isDomain(String domain) {
        int length = domain.length();
        if (length == 0 || length > MAX_DOMAIN) {
            return false;
        }
        int labelStart = 0;
        for (int i = 0; i <= length; i++) {
            if (i == length || domain.charAt(i) == '.') {
                int labelLength = i - labelStart;
                if (labelLength == 0 || labelLength > MAX_LABEL || domain.charAt(labelStart) == '-'
                        || domain.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else {
                char c = domain.charAt(i);
                if (!isAsciiLetterOrDigit(c) && c != '-') {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /**
     * Parses {@code sip:user@domain}, {@code sips:user@domain} or {@code user@domain}; parameters and a port are
     * not part of an address of record and are refused.
     */
    public static SipAddress parse(String text) {
        if (text == null) {
            throw new ParleyException(ParleyError.INVALID_ADDRESS, "no address given");
        }
        String rest = text.trim();
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:")) {
            rest = rest.substring(4);
        } else if (lower.startsWith("sips:")) {
            rest = rest.substring(5);
        }
        int at = rest.lastIndexOf('@');
        if (at <= 0 || at == rest.length() - 1) {
            throw new ParleyException(ParleyError.INVALID_ADDRESS, "expected user@domain, got '" + text + "'");
        }
        return new SipAddress(rest.substring(0, at), rest.substring(at + 1));
    }

    /** Parses {@code user} (in {@code defaultDomain}) or any form {@link #parse} accepts. */
    public static SipAddress parse(String text, String defaultDomain) {
        if (text != null && text.indexOf('@') < 0) {
            return new SipAddress(text.trim(), defaultDomain);
        }
        return parse(text);
    }

    /** The canonical URI form, {@code sip:user@domain}. */
    public String uri() {
        return "sip:" + user + "@" + domain;
    }

    @Override
    public String toString() {
        return uri();
    }
}
