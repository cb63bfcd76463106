package dev.parley.sip.internal;

import java.text.ParseException;
import java.util.function.LongSupplier;

import javax.sip.message.Request;
import javax.sip.message.Response;

import dev.parley.sip.internal.ResponseCache.Lookup;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

/**
 * Non-INVITE server transactions over UDP, kept as bytes in a {@link ResponseCache} instead of as jain-sip
 * transactions (see there for why). A request is matched to its transaction by the RFC 3261 section 17.2.3 key:
 * top Via branch and sent-by, and method. INVITE keeps the stack's transactions (its ACK and timers need them), and
 * a handler that asks for a server transaction explicitly gets one: the stack then absorbs the retransmissions.
 */
final class UdpTransactions {
    private final ResponseCache cache;
    private final LongSupplier clock;

    UdpTransactions(ResponseCache cache, LongSupplier clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /** True for requests whose transaction this class keeps: non-INVITE, non-ACK, received over UDP. */
    boolean keeps(Request request) {
        String method = request.getMethod();
        return !Request.INVITE.equals(method) && !Request.ACK.equals(method) && request instanceof SIPRequest sip
                && sip.getTopmostVia() != null && "UDP".equalsIgnoreCase(sip.getTopmostVia().getTransport());
    }

    /** Whether {@code request} is new (and now in progress), a retransmission to absorb, or one to answer again. */
    Lookup begin(Request request) {
        return cache.begin(key((SIPRequest) request), clock.getAsLong());
    }

    /** Records a final response to a request this class keeps, for its retransmissions. */
    void completed(Request request, Response response) {
        if (response.getStatusCode() >= 200 && keeps(request) && response instanceof SIPResponse sip) {
            cache.complete(key((SIPRequest) request), sip.encodeAsBytes("UDP"), clock.getAsLong());
        }
    }

    /** The response a {@link ResponseCache.State#COMPLETED} lookup holds, ready to send again. */
    static Response response(Lookup completed) throws ParseException {
        byte[] bytes = completed.response();
        if (bytes == null) {
            throw new IllegalArgumentException("only a completed lookup holds a response");
        }
        return (Response) new StringMsgParser().parseSIPMessage(bytes, true, false, null);
    }

    private static String key(SIPRequest request) {
        Via via = request.getTopmostVia();
        return via.getBranch() + ' ' + via.getSentBy().encode() + ' ' + request.getMethod();
    }
}
