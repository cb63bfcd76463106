package dev.parley.sip.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.sip.message.Message;

import org.eclipse.jdt.annotation.Nullable;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.Lexer;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;

/**
 * jain-sip's message parser, stricter where the RI hides a malformation from everything after it:
 * <ul>
 * <li>A second line of a header RFC 3261 allows only once (Content-Length, Call-ID, CSeq, From, To, Max-Forwards): the
 * RI silently drops it (a second Content-Length even overwrites the first value), so the request would look
 * well-formed. It is kept as an unparsed header instead, where {@link SipDispatcher} finds it and answers 400 (RFC 4475
 * sections 3.3.8 and 3.3.9).</li>
 * <li>The SIP-Version of a request line: the RI's parser builds an exception for anything but 2.0, never throws it and
 * records "SIP/2.0", so the 505 its channels already send for other versions never happens. The version as written is
 * put back (RFC 4475 section 3.1.2.16).</li>
 * <li>A request without an RFC 3261 branch (an RFC 2543 client, RFC 4475 section 3.1.1.7) gets one derived from the
 * fields RFC 3261 section 17.2.3 matches such requests by (Request-URI, From tag, Call-ID, CSeq number, top Via), so
 * its retransmissions, ACK and CANCEL find its transaction by branch. The stack's own RFC 2543 matching reads the
 * original request of every transaction, which the released references of completed transactions no longer
 * have (RELEASE_REFERENCES_STRATEGY, see {@link SipSettings}): it would fail on every such request.</li>
 * </ul>
 * <p>
 * The RI gives each UDP channel and each stream connection a parser of its own and uses it from one thread at a time
 * (the NIO parser synchronizes on it), so the per-message state below needs no locking.
 */
final class StrictMessageParser extends StringMsgParser {

    /** Long and compact header names (lower case) to the canonical name. */
    private static final Map<String, String> SINGLE_VALUE_HEADERS = Map.of(
            "content-length", "Content-Length", "l", "Content-Length",
            "call-id", "Call-ID", "i", "Call-ID",
            "cseq", "CSeq",
            "from", "From", "f", "From",
            "to", "To", "t", "To",
            "max-forwards", "Max-Forwards");

    /** The SIP-Version token (RFC 3261 section 25.1); literal strings in ABNF are case-insensitive. */
    private static final Pattern SIP_VERSION = Pattern.compile("(?i)SIP/\\d+\\.\\d+");
    private static final String VERSION_2_0 = "SIP/2.0";
    private static final String MAGIC_COOKIE = "z9hG4bK";

    /** Canonical names of the single-value headers already attached to the message being parsed. */
    private final Set<String> seen = new HashSet<>();

    @Override
    public SIPMessage parseSIPMessage(byte[] buffer, boolean readBody, boolean strict,
            @Nullable ParseExceptionListener listener) throws ParseException {
        seen.clear();
        SIPMessage message = super.parseSIPMessage(buffer, readBody, strict, listener);
        if (message instanceof SIPRequest request) {
            addBranchForRfc2543(request);
        }
        return message;
    }

    static void addBranchForRfc2543(SIPRequest request) throws ParseException {
        Via top = request.getTopmostVia();
        if (top == null || request.getRequestURI() == null || request.getCSeq() == null
                || (top.getBranch() != null && top.getBranch().startsWith(MAGIC_COOKIE))) {
            return;
        }
        String matched = request.getRequestURI() + "\n" + request.getFromTag() + "\n" + request.getCallId().getCallId()
                + "\n" + request.getCSeq().getSeqNumber() + "\n" + top.getSentBy() + "\n" + top.getTransport();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(matched.getBytes(StandardCharsets.UTF_8));
            top.setBranch(MAGIC_COOKIE + ".2543." + HexFormat.of().formatHex(digest, 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    protected SIPMessage processFirstLine(String firstLine, @Nullable ParseExceptionListener listener,
            byte[] rawMessage) throws ParseException {
        SIPMessage message = super.processFirstLine(firstLine, listener, rawMessage);
        if (message instanceof SIPRequest request && request.getRequestLine() != null) {
            String version = firstLine.substring(firstLine.lastIndexOf(' ') + 1);
            if (SIP_VERSION.matcher(version).matches() && !version.equalsIgnoreCase(VERSION_2_0)) {
                request.getRequestLine().setSipVersion(version);
            }
        }
        return message;
    }

    @Override
    protected void processHeader(String header, SIPMessage message, @Nullable ParseExceptionListener listener,
            byte[] rawMessage) throws ParseException {
        String name = singleValueName(header);
        if (name != null && !seen.add(name)) {
            message.addUnparsed(header);
            return;
        }
        super.processHeader(header, message, listener, rawMessage);
    }

    /**
     * The canonical name of a single-value header among the lines the stack left unparsed (repeated, or malformed
     * where the UDP parser tolerates it, as for Max-Forwards), or null if there is none.
     */
    static @Nullable String unattachedSingleValueHeader(Message message) {
        if (!(message instanceof SIPMessage sipMessage)) {
            return null;
        }
        for (Iterator<String> lines = sipMessage.getUnrecognizedHeaders(); lines.hasNext();) {
            String name = singleValueName(lines.next());
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    /** The canonical name if {@code headerLine} is a line of a single-value header, else null. */
    private static @Nullable String singleValueName(@Nullable String headerLine) {
        String name = headerLine == null ? null : Lexer.getHeaderName(headerLine);
        return name == null ? null : SINGLE_VALUE_HEADERS.get(name.toLowerCase(Locale.ROOT));
    }
}
