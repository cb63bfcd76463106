package dev.parley.messaging.internal;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

/** Message bodies between the wire (bytes) and the store (text), in the charset their Content-Type names. */
public final class BodyCodec {

    private BodyCodec() {
    }

    public static String decode(byte[] raw, String contentType) {
        return new String(raw, charset(contentType));
    }

    public static byte[] encode(String body, String contentType) {
        return body.getBytes(charset(contentType));
    }

    /** The {@code charset} parameter of a Content-Type value; UTF-8 when there is none (RFC 3428 section 9). */
    public static Charset charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("charset")) {
                String name = parameter.substring(equals + 1).trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    throw new ParleyException(ParleyError.UNSUPPORTED_MEDIA_TYPE, "Unsupported charset " + name);
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
