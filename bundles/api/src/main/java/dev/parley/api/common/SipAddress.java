package dev.parley.api.common;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An address of record: {@code sip:user@domain}, without parameters, display name or port.
 * The user part is case-sensitive (RFC 3261 section 19.1.4), the domain is not and is kept in lower case.
 */
public record SipAddress(String user, String domain) {

    /** RFC 3261 "user" characters: unreserved, escaped and user-unreserved. */
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9\\-_.!~*'()&=+$,;?/%]{1,64}");
    /** A host name or an IPv4 address; IPv6 literals are not used as Parley domains. */
    private static final Pattern DOMAIN = Pattern
            .compile("(?=.{1,253}$)[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?)*");

    public SipAddress {
        if (user == null || !USER.matcher(user).matches()) {
            throw new ParleyException(ParleyError.INVALID_ADDRESS, "invalid user part: '" + user + "'");
        }
        domain = domain == null ? null : domain.toLowerCase(Locale.ROOT);
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw new ParleyException(ParleyError.INVALID_ADDRESS, "invalid domain: '" + domain + "'");
        }
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
