package dev.parley.itests.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RFC 4475 torture messages of {@code src/test/resources/rfc4475} with the outcomes {@code expectations.tsv}
 * allows for each (the README there explains both), and the two adaptations that let them reach Parley's domain
 * and bring their responses back to the sender.
 */
final class TortureCorpus {

    private static final String FOLDER = "/rfc4475/";
    private static final String FOREIGN_DOMAIN = "example.com";
    /** {@code sip:example.com} or {@code @example.com}, not a longer name such as {@code sip:example.community}. */
    private static final Pattern FOREIGN_DOMAIN_IN_URI =
            Pattern.compile("(?<=@|sip:)" + Pattern.quote(FOREIGN_DOMAIN) + "(?![A-Za-z0-9.-])");
    /** A Via header line and its continuation lines; group 1 is the value. */
    private static final Pattern VIA_HEADER =
            Pattern.compile("(?im)^(?:via|v)[ \\t]*:([^\\r\\n]*(?:\\r\\n[ \\t][^\\r\\n]*)*)");
    /** The first via-parm: protocol up to the transport, the transport, the sent-by and its parameters. */
    private static final Pattern VIA_PARM =
            Pattern.compile("(?s)(\\s*SIP\\s*/\\s*[^/\\s]+\\s*/\\s*)(\\S+?)(\\s+)([^;,\\s]+)([^,]*)(.*)");
    private static final Pattern RECEIVED_PARAM = Pattern.compile("(?i);\\s*received\\s*=\\s*[^;,\\s]*");
    private static final Pattern RPORT_PARAM = Pattern.compile("(?i);\\s*rport\\b");
    /** A branch parameter with the RFC 3261 magic cookie; group 1 is everything up to the end of its value. */
    private static final Pattern COOKIE_BRANCH = Pattern.compile("(?i:(;\\s*branch\\s*=\\s*))(z9hG4bK[^;,\\s]*)");

    enum Kind { VALID, INVALID, RESPONSE }

    /** What the adaptation does with the top Via's branch. */
    enum Branch {
        /** Made unique per message: the RFC reuses branches across independent tests. */
        UNIQUE,
        /** Sent as written: the branch is under test, RFC 2543 style, missing, or the message is a response. */
        KEPT
    }

    /** One torture message and the outcomes allowed for it. */
    record Message(String file, String section, Kind kind, List<String> expected, Branch branch, String note,
            byte[] bytes) {

        /**
         * Whether Parley's answer is one of the allowed outcomes: {@code status} is the final status code, or -1
         * when no final response came. Tokens: {@code NNN}, {@code Nxx}, {@code final} (any final but 400 and
         * 500) and {@code none}.
         */
        boolean allows(int status) {
            for (String token : expected) {
                boolean match = switch (token) {
                    case "none" -> status < 0;
                    case "final" -> status >= 200 && status != 400 && status != 500;
                    default -> token.endsWith("xx")
                            ? status >= 200 && status / 100 == token.charAt(0) - '0'
                            : Integer.toString(status).equals(token);
                };
                if (match) {
                    return true;
                }
            }
            return false;
        }

        boolean allowsSilence() {
            return expected.contains("none");
        }

        /**
         * The bytes to send: for requests, {@code example.com} URIs moved to {@code domain}, the top Via (unless
         * it asks for {@code rport}) pointed at {@code 127.0.0.1:replyPort} over UDP, and its branch made unique
         * where {@link #branch()} says so; responses go out unchanged. Only the header section changes, so every
         * Content-Length stays as the RFC wrote it.
         */
        byte[] adaptedTo(String domain, int replyPort) {
            if (kind == Kind.RESPONSE) {
                return bytes.clone();
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = headerEnd(text);
            String headers = FOREIGN_DOMAIN_IN_URI.matcher(text.substring(0, end))
                    .replaceAll(Matcher.quoteReplacement(domain));
            String branchSuffix = branch == Branch.UNIQUE ? "." + file.substring(0, file.indexOf('.')) : null;
            return (adaptTopVia(headers, replyPort, branchSuffix) + text.substring(end))
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private TortureCorpus() {
    }

    /** Every message listed in {@code expectations.tsv}, in its order. */
    static List<Message> load() throws IOException {
        List<Message> messages = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(resource("expectations.tsv"), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length != 6) {
                    throw new IOException("expectations.tsv: 6 tab-separated columns expected in: " + line);
                }
                byte[] bytes;
                try (InputStream in = resource(columns[0])) {
                    bytes = in.readAllBytes();
                }
                Message message = new Message(columns[0], columns[1],
                        Kind.valueOf(columns[2].toUpperCase(Locale.ROOT)), List.of(columns[3].split("\\|")),
                        Branch.valueOf(columns[4].toUpperCase(Locale.ROOT)), columns[5], bytes);
                if (message.branch() == Branch.UNIQUE && !hasCookieBranchInTopVia(message)) {
                    throw new IOException("expectations.tsv: " + message.file()
                            + " is marked unique, but its top Via has no z9hG4bK branch to make unique");
                }
                messages.add(message);
            }
        }
        return messages;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = TortureCorpus.class.getResourceAsStream(FOLDER + name);
        if (in == null) {
            throw new IOException("Test resource " + FOLDER + name + " not found");
        }
        return in;
    }

    /** Index of the blank line ending the header section, or the text's length if there is none. */
    static int headerEnd(String text) {
        int blank = text.indexOf("\r\n\r\n");
        return blank < 0 ? text.length() : blank;
    }

    /**
     * The header section with its top Via sent over UDP by {@code 127.0.0.1:replyPort}, without a stale
     * {@code received}: RFC 3261 section 18.2.2 then sends the response to the test's socket. A Via with
     * {@code rport} keeps its sent-by, since the response follows the datagram's source anyway. With a
     * {@code branchSuffix}, the suffix is appended to a magic-cookie branch (jain-sip matches server transactions by
     * branch alone, so a reused branch would make the message look like a retransmission of an earlier one).
     */
    private static String adaptTopVia(String headers, int replyPort, String branchSuffix) {
        Matcher via = VIA_HEADER.matcher(headers);
        if (!via.find()) {
            return headers;
        }
        Matcher parm = VIA_PARM.matcher(via.group(1));
        if (!parm.matches()) {
            return headers;
        }
        String params = parm.group(5);
        if (branchSuffix != null) {
            params = COOKIE_BRANCH.matcher(params).replaceFirst("$1$2" + Matcher.quoteReplacement(branchSuffix));
        }
        String value = RPORT_PARAM.matcher(params).find()
                ? parm.group(1) + parm.group(2) + parm.group(3) + parm.group(4) + params + parm.group(6)
                : parm.group(1) + "UDP" + parm.group(3) + "127.0.0.1:" + replyPort
                        + RECEIVED_PARAM.matcher(params).replaceAll("") + parm.group(6);
        return headers.substring(0, via.start(1)) + value + headers.substring(via.end(1));
    }

    /** Whether the message's top Via carries a branch with the magic cookie. */
    private static boolean hasCookieBranchInTopVia(Message message) {
        String text = new String(message.bytes(), StandardCharsets.ISO_8859_1);
        Matcher via = VIA_HEADER.matcher(text.substring(0, headerEnd(text)));
        if (!via.find()) {
            return false;
        }
        Matcher parm = VIA_PARM.matcher(via.group(1));
        return parm.matches() && COOKIE_BRANCH.matcher(parm.group(5)).find();
    }

    /**
     * The unfolded value of the first header with one of these names (long or compact form, any case), or null.
     */
    static String header(String message, String... names) {
        String headers = message.substring(0, headerEnd(message));
        for (String line : headers.replaceAll("\\r\\n[ \\t]+", " ").split("\\r\\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            for (String wanted : names) {
                if (name.equalsIgnoreCase(wanted)) {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        return null;
    }

    /** The status code of a response's status line, or -1 if {@code message} is not a SIP response. */
    static int statusCode(String message) {
        Matcher status = Pattern.compile("^SIP/2\\.0 (\\d{3}) ").matcher(message);
        return status.find() ? Integer.parseInt(status.group(1)) : -1;
    }
}
