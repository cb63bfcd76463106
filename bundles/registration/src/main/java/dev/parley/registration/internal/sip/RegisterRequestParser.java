package dev.parley.registration.internal.sip;

import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.regex.Pattern;

import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.Header;
import javax.sip.header.SupportedHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.message.Request;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.registration.internal.ContactRequest;
import dev.parley.registration.internal.RegisterRequest;
import dev.parley.sip.spi.RequestSource;

/** Reads what the registrar needs out of a REGISTER; a value it cannot accept is a 400 with a precise reason. */
final class RegisterRequestParser {

    static final String PATH = "Path";
    static final String INSTANCE_PARAM = "+sip.instance";
    static final String REG_ID_PARAM = "reg-id";

    /** RFC 3261 qvalue: 0 to 1 with at most three decimals. */
    private static final Pattern QVALUE = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");
    private static final Pattern DELTA_SECONDS = Pattern.compile("\\d+");
    /** RFC 3261 section 20.19: a larger delta-seconds is taken as 2^32-1. */
    private static final long MAX_DELTA_SECONDS = 4294967295L;
    private static final Pattern REG_ID = Pattern.compile("[1-9]\\d{0,8}");

    private RegisterRequestParser() {
    }

    static RegisterRequest parse(Request request, SipAddress aor, RequestSource source) {
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        long cseq = ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
        ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        List<ContactRequest> contacts = new ArrayList<>();
        for (Header header : headers(request, ContactHeader.NAME)) {
            contacts.add(contact((ContactHeader) header));
        }
        List<String> path = supports(request, "path") ? headerValues(request, PATH) : List.of();
        Header userAgent = request.getHeader(UserAgentHeader.NAME);
        return new RegisterRequest(aor, callId, cseq, contacts, expires == null ? null : (long) expires.getExpires(),
                source.transport(), source.hostPort(), path, userAgent == null ? null : headerValue(userAgent));
    }

    /** True if the request lists {@code optionTag} in a Supported header. */
    static boolean supports(Request request, String optionTag) {
        return headers(request, SupportedHeader.NAME).stream()
                .anyMatch(h -> optionTag.equalsIgnoreCase(((SupportedHeader) h).getOptionTag()));
    }

    private static ContactRequest contact(ContactHeader header) {
        if (header.isWildCard()) {
            return ContactRequest.wildcard();
        }
        String expires = header.getParameter("expires");
        if (expires != null && !DELTA_SECONDS.matcher(expires).matches()) {
            throw badRequest("Invalid expires parameter");
        }
        String q = header.getParameter("q");
        if (q != null && !QVALUE.matcher(q).matches()) {
            throw badRequest("Invalid q value");
        }
        String regId = header.getParameter(REG_ID_PARAM);
        if (regId != null && !REG_ID.matcher(regId).matches()) {
            throw badRequest("Invalid reg-id");
        }
        String instance = header.getParameter(INSTANCE_PARAM);
        return new ContactRequest(header.getAddress().getURI().toString(),
                expires == null ? null : deltaSeconds(expires),
                q == null ? 1.0f : Float.parseFloat(q),
                instance == null || instance.isBlank() ? null : instance,
                regId == null ? 0 : Integer.parseInt(regId));
    }

    private static long deltaSeconds(String digits) {
        return digits.length() > 10 ? MAX_DELTA_SECONDS : Math.min(Long.parseLong(digits), MAX_DELTA_SECONDS);
    }

    private static List<String> headerValues(Request request, String name) {
        return headers(request, name).stream().map(RegisterRequestParser::headerValue).toList();
    }

    /** The value of a header as it would be written after {@code Name:}. */
    private static String headerValue(Header header) {
        String encoded = header.toString();
        return encoded.substring(encoded.indexOf(':') + 1).trim();
    }

    private static List<Header> headers(Request request, String name) {
        List<Header> headers = new ArrayList<>();
        ListIterator<?> it = request.getHeaders(name);
        while (it != null && it.hasNext()) {
            headers.add((Header) it.next());
        }
        return headers;
    }

    private static ParleyException badRequest(String reason) {
        return new ParleyException(ParleyError.INVALID_ARGUMENT, reason);
    }
}
