package dev.parley.sip.internal;

import java.util.ListIterator;
import java.util.Locale;

import javax.sip.SipException;
import javax.sip.address.Hop;
import javax.sip.address.Router;
import javax.sip.header.RouteHeader;
import javax.sip.message.Request;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.sip.spi.RequestSource;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.HopImpl;

/**
 * The stack's router: a request pinned to a flow ({@link #pin}) goes to that flow's address and transport, so the
 * stack sends it from the listening point of that transport and, for TCP and WebSocket, over the connection the
 * peer opened (the NIO processors cache accepted connections by remote address, port and transport). The
 * Request-URI stays the peer's contact; nothing is added on the wire. Requests with a Route header, or not pinned,
 * are routed as before by the stack's own router.
 */
final class FlowRouter implements Router {

    private final Router stackRouter;

    FlowRouter(Router stackRouter) {
        this.stackRouter = stackRouter;
    }

    /**
     * Marks {@code request} to be sent to {@code flow}; {@code null} leaves it to the Request-URI. The mark lives
     * in the request object itself (the RI's per-message application data), so it goes when the request goes.
     */
    static Request pin(Request request, @Nullable RequestSource flow) {
        if (flow != null && request instanceof SIPMessage message) {
            message.setApplicationData(new HopImpl(flow.host(), flow.port(), flow.transport().toUpperCase(Locale.ROOT)));
        }
        return request;
    }

    @Override
    public Hop getNextHop(Request request) throws SipException {
        if (request.getHeader(RouteHeader.NAME) == null && request instanceof SIPMessage message
                && message.getApplicationData() instanceof Hop flow) {
            return flow;
        }
        return stackRouter.getNextHop(request);
    }

    @Override
    public Hop getOutboundProxy() {
        return stackRouter.getOutboundProxy();
    }

    @Override
    @Deprecated
    public ListIterator<?> getNextHops(Request request) {
        return stackRouter.getNextHops(request);
    }
}
