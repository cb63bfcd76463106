package dev.parley.sip.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ServerHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;

import gov.nist.javax.sip.header.CSeq;

/**
 * Builds responses the way every Parley response looks: the configured Server header and, where the request's To
 * has no tag, a tag (RFC 3261 section 8.2.6.2). The tag is a keyed hash of the transaction, so every response to
 * one request (a 180 and then a 200, or a stateless 401 recomputed for a retransmission) carries the same tag, yet
 * it is unpredictable to others (section 19.3).
 */
final class ResponseBuilder {
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final byte[] tagKey = new byte[16];
    private volatile @Nullable ServerHeader serverHeader;

    ResponseBuilder(MessageFactory messages, HeaderFactory headers, String serverHeader) {
        this.messages = messages;
        this.headers = headers;
        new SecureRandom().nextBytes(tagKey);
        setServerHeader(serverHeader);
    }

    /** Sets the Server header's product tokens (space-separated); blank for none. */
    void setServerHeader(String products) {
        if (products.isBlank()) {
            serverHeader = null;
            return;
        }
        try {
            serverHeader = headers.createServerHeader(List.of(products.trim().split("\\s+")));
        } catch (ParseException e) {
            throw new IllegalArgumentException("server.header is not a list of product tokens: " + products, e);
        }
    }

    Response create(int status, @Nullable String reason, Request request) {
        try {
            Response response = messages.createResponse(status, request);
            if (reason != null) {
                response.setReasonPhrase(reason);
            }
            ServerHeader server = serverHeader;
            if (server != null) {
                response.setHeader(server);
            }
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (status > Response.TRYING && to != null && to.getTag() == null) {
                to.setTag(toTag(request));
            }
            keepCSeqMethodCase(response);
            return response;
        } catch (ParseException e) {
            throw new IllegalArgumentException("cannot build a " + status + " response: " + e.getMessage(), e);
        }
    }

    /**
     * Methods are case-sensitive (RFC 3261 section 7.1), but the RI's CSeq encoder upper-cases the method, so the
     * answer to {@code foo} would name {@code FOO}: such a CSeq is replaced by one that encodes the method as is.
     */
    private static void keepCSeqMethodCase(Response response) {
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (cseq != null && !cseq.getMethod().equals(cseq.getMethod().toUpperCase(Locale.ROOT))) {
            response.setHeader(new CaseKeepingCSeq(cseq.getSeqNumber(), cseq.getMethod()));
        }
    }

    /** A CSeq whose method is encoded exactly as received. */
    private static final class CaseKeepingCSeq extends CSeq {
        private static final long serialVersionUID = 1L;

        CaseKeepingCSeq(long seqNumber, String method) {
            super(seqNumber, method);
        }

        @Override
        protected StringBuilder encodeBody(StringBuilder buffer) {
            return buffer.append(seqno).append(SP).append(method);
        }
    }

    /** 64 bits of a keyed SHA-256 over what identifies the transaction: Call-ID, From tag, CSeq, top Via branch. */
    String toTag(Request request) {
        StringBuilder identity = new StringBuilder(128);
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        identity.append(callId == null ? "" : callId.getCallId()).append('|')
                .append(from == null ? "" : from.getTag()).append('|')
                .append(cseq == null ? "" : cseq.getSeqNumber()).append('|')
                .append(via == null ? "" : via.getBranch());
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(tagKey);
            byte[] digest = sha256.digest(identity.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(Arrays.copyOf(digest, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
