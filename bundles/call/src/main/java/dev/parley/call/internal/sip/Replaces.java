package dev.parley.call.internal.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The Replaces header (RFC 3891) of an attended transfer's Refer-To URI: the dialog, as the transferor sees it, whose
 * other party the transferee is to be connected to.
 */
record Replaces(String callId, String toTag, String fromTag) {

    /** Parses the (still %-escaped) URI header value {@code callid;to-tag=..;from-tag=..}; null when malformed. */
    static @Nullable Replaces parse(String escaped) {
        String[] parts = unescape(escaped).split(";");
        String toTag = null;
        String fromTag = null;
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].trim().split("=", 2);
            if (pair.length == 2 && "to-tag".equals(pair[0].toLowerCase(Locale.ROOT))) {
                toTag = pair[1];
            } else if (pair.length == 2 && "from-tag".equals(pair[0].toLowerCase(Locale.ROOT))) {
                fromTag = pair[1];
            }
        }
        String callId = parts[0].trim();
        return callId.isEmpty() || toTag == null || fromTag == null ? null : new Replaces(callId, toTag, fromTag);
    }

    /** %XX escapes only: a Call-ID may contain '+', which form decoding would turn into a space. */
    private static String unescape(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                try {
                    bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: keep the '%'
                }
            }
            bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
