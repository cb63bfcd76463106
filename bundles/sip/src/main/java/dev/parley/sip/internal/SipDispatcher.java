package dev.parley.sip.internal;

import java.text.ParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.header.CallIdHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.parley.sip.internal.HandlerRegistry.Registration;
import dev.parley.sip.spi.SipRequestHandler;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipResponseListener;
import gov.nist.javax.sip.message.SIPRequest;

/**
 * The stack's one {@link SipListener}: routes each request to its {@link dev.parley.sip.spi.SipRequestHandler} in one
 * hop, on the stack's own worker thread (TOOLCHAIN.md measured an extra executor hop as slower), and answers by
 * itself where no handler exists, so a stopped service bundle degrades to a precise status instead of silence.
 */
final class SipDispatcher implements SipListener {
    private static final Logger LOG = LoggerFactory.getLogger(SipDispatcher.class);
    private static final Logger WIRE = LoggerFactory.getLogger("dev.parley.sip.wire");

    /** Methods some Parley service serves: without its handler the service is down, so 503 rather than 405. */
    static final Set<String> SERVED_METHODS = Set.of(Request.REGISTER, Request.INVITE, Request.BYE, Request.CANCEL,
            Request.MESSAGE, Request.SUBSCRIBE, Request.NOTIFY, Request.PUBLISH, Request.REFER, Request.INFO,
            Request.UPDATE, Request.PRACK);
    /** Methods keyed by their Event package as well (RFC 6665, RFC 3903). */
    static final Set<String> EVENT_METHODS = Set.of(Request.SUBSCRIBE, Request.NOTIFY, Request.PUBLISH);
    /** Request-URI schemes Parley's services can route (RFC 3261, RFC 3966). */
    private static final Set<String> URI_SCHEMES = Set.of("sip", "sips", "tel");
    static final String SDP = "application/sdp";

    /** MDC keys of STYLE.md: the request's Call-ID, and the address of record a handler works on. */
    static final String MDC_CALL_ID = "callId";
    static final String MDC_AOR = "aor";

    private final HandlerRegistry registry;
    private final SipCore core;
    private final SipErrorMapper errors;
    private final Counters counters;
    private final UdpTransactions udpTransactions;

    SipDispatcher(HandlerRegistry registry, SipCore core, SipErrorMapper errors, Counters counters,
            UdpTransactions udpTransactions) {
        this.registry = registry;
        this.core = core;
        this.errors = errors;
        this.counters = counters;
        this.udpTransactions = udpTransactions;
    }

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        counters.requestReceived(method);
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("received from {}:\n{}", core.source(event).hostPort(), request);
        }
        if (!Request.ACK.equals(method) && !hasMandatoryHeaders(request)) {
            core.respondStateless(event, errors.badRequest(request));
            return;
        }
        if (udpTransactions.keeps(request) && isRetransmission(event)) {
            return;
        }
        if (!Request.ACK.equals(method)
                && !URI_SCHEMES.contains(request.getRequestURI().getScheme().toLowerCase(Locale.ROOT))) {
            core.respond(event, errors.unsupportedUriScheme(request));
            return;
        }
        String eventPackage = EVENT_METHODS.contains(method) ? eventPackage(request) : null;
        Optional<Registration> selected = registry.select(method, eventPackage);
        if (selected.isEmpty()) {
            answerWithoutHandler(event, method);
            return;
        }
        Registration registration = selected.get();
        SipRequestHandler handler = registration.handler();
        if (handler == null) {
            answerWithoutHandler(event, method); // unregistered while this request was on its way
            return;
        }
        Set<String> unsupported = unsupportedRequirements(request, registration.supported());
        if (!unsupported.isEmpty()) {
            core.respond(event, errors.badExtension(request, unsupported));
            return;
        }
        // every line a handler logs for this request carries its Call-ID; handlers add "aor" once they know it
        MDC.put(MDC_CALL_ID, ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId());
        try {
            handler.handle(event);
        } catch (Exception | LinkageError failure) {
            counters.increment(Counters.HANDLER_FAILURES);
            Response response = errors.fromException(request, failure);
            if (!Request.ACK.equals(method)) {
                core.respond(event, response);
            }
        } finally {
            MDC.remove(MDC_CALL_ID);
            MDC.remove(MDC_AOR);
        }
    }

    /**
     * RFC 3261 section 17.2.2 for the transactions {@link UdpTransactions} keeps: a retransmission of a request still
     * being worked on is absorbed, one of an answered request gets the same response again.
     */
    private boolean isRetransmission(RequestEvent event) {
        ResponseCache.Lookup seen = udpTransactions.begin(event.getRequest());
        switch (seen.state()) {
            case IN_PROGRESS -> {
                counters.increment(Counters.RETRANSMISSIONS_ABSORBED);
                return true;
            }
            case COMPLETED -> {
                counters.increment(Counters.RETRANSMISSIONS_ANSWERED);
                try {
                    core.respondStateless(event, UdpTransactions.response(seen));
                } catch (ParseException e) {
                    LOG.warn("A cached response could not be read back: {}", e.getMessage());
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void answerWithoutHandler(RequestEvent event, String method) {
        Request request = event.getRequest();
        if (Request.ACK.equals(method)) {
            LOG.debug("ACK without handler dropped");
        } else if (Request.OPTIONS.equals(method)) {
            Set<String> unsupported = unsupportedRequirements(request, registry.supported());
            if (unsupported.isEmpty()) {
                core.respondStateless(event, optionsResponse(request));
            } else {
                core.respond(event, errors.badExtension(request, unsupported));
            }
        } else if (Request.CANCEL.equals(method) || hasToTag(request)) {
            // no running handler can own the dialog or the INVITE transaction this refers to
            core.respond(event, errors.noSuchTransaction(request));
        } else if (EVENT_METHODS.contains(method)) {
            core.respond(event, errors.badEvent(request, registry.eventPackages()));
        } else if (SERVED_METHODS.contains(method)) {
            core.respond(event, errors.serviceUnavailable(request));
        } else {
            core.respond(event, errors.methodNotAllowed(request, allowed()));
        }
    }

    /** 200 OK describing what the running handlers can do (RFC 3261 section 11.2). */
    Response optionsResponse(Request request) {
        Response response = core.createResponse(Response.OK, request);
        errors.addAllow(response, allowed());
        errors.addAllowEvents(response, registry.eventPackages());
        try {
            Set<String> accepted = new TreeSet<>(registry.accepted());
            accepted.add(SDP);
            for (String type : accepted) {
                int slash = type.indexOf('/');
                if (slash > 0) {
                    response.addHeader(core.headerFactory().createAcceptHeader(type.substring(0, slash),
                            type.substring(slash + 1)));
                }
            }
            for (String tag : registry.supported()) {
                response.addHeader(core.headerFactory().createSupportedHeader(tag));
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("a handler declared an unencodable Accept or Supported value", e);
        }
        return response;
    }

    private Set<String> allowed() {
        Set<String> allowed = registry.methods();
        allowed.add(Request.OPTIONS);
        return allowed;
    }

    /** Require option tags (RFC 3261 section 8.2.2.3) not in {@code supported}; ACK and CANCEL are exempt. */
    static Set<String> unsupportedRequirements(Request request, Set<String> supported) {
        Set<String> unsupported = new TreeSet<>();
        if (Request.ACK.equals(request.getMethod()) || Request.CANCEL.equals(request.getMethod())) {
            return unsupported;
        }
        for (Iterator<?> it = request.getHeaders(RequireHeader.NAME); it.hasNext();) {
            String tag = ((RequireHeader) it.next()).getOptionTag();
            if (tag != null && !supported.contains(tag)) {
                unsupported.add(tag);
            }
        }
        return unsupported;
    }

    /**
     * RFC 3261 section 8.1.1 (and Contact for dialog-creating requests): without these no transaction can be
     * created, and the stack would drop the answer. A missing Event is left to the 489 rule (RFC 3903, RFC 6665).
     * A single-value header given twice (or a malformed Max-Forwards the stack left unparsed) is malformed too:
     * which value the stack kept is arbitrary (RFC 4475 sections 3.3.8 and 3.3.9).
     */
    static boolean hasMandatoryHeaders(Request request) {
        if (!(request instanceof SIPRequest sipRequest)) {
            return true;
        }
        String unattached = StrictMessageParser.unattachedSingleValueHeader(request);
        if (unattached != null) {
            LOG.debug("{} refused: {} repeated or malformed", request.getMethod(), unattached);
            return false;
        }
        try {
            sipRequest.checkHeaders();
            return true;
        } catch (ParseException e) {
            String problem = String.valueOf(e.getMessage());
            boolean onlyEventMissing = EVENT_METHODS.contains(request.getMethod())
                    && problem.endsWith(EventHeader.NAME);
            if (!onlyEventMissing) {
                LOG.debug("{} refused: {}", request.getMethod(), problem);
            }
            return onlyEventMissing;
        }
    }

    /** The Event header's package, or {@code ""} when the request has none. */
    static String eventPackage(Request request) {
        EventHeader header = (EventHeader) request.getHeader(EventHeader.NAME);
        String type = header == null ? null : header.getEventType();
        return type == null ? "" : type;
    }

    private static boolean hasToTag(Request request) {
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && to.getTag() != null;
    }

    @Override
    public void processResponse(ResponseEvent event) {
        ClientTransaction transaction = event.getClientTransaction();
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("received response:\n{}", event.getResponse());
        }
        SipResponseListener listener = listenerOf(transaction);
        if (listener == null) {
            if (!registry.strays().offer(event)) {
                LOG.debug("Response {} without a listening transaction dropped", event.getResponse().getStatusCode());
            }
            return;
        }
        try {
            listener.processResponse(event);
        } catch (Exception | LinkageError failure) {
            counters.increment(Counters.HANDLER_FAILURES);
            LOG.error("Response listener {} failed", listener.getClass().getName(), failure);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        SipResponseListener listener = event.isServerTransaction() ? null : listenerOf(event.getClientTransaction());
        if (listener == null) {
            return;
        }
        try {
            listener.processTimeout(event);
        } catch (Exception | LinkageError failure) {
            counters.increment(Counters.HANDLER_FAILURES);
            LOG.error("Response listener {} failed on timeout", listener.getClass().getName(), failure);
        }
    }

    private static @Nullable SipResponseListener listenerOf(@Nullable ClientTransaction transaction) {
        return transaction != null && transaction.getApplicationData() instanceof SipResponseListener listener
                ? listener
                : null;
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.debug("I/O error towards {}:{} ({})", event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // transactions are released by the stack itself (RELEASE_REFERENCES_STRATEGY); nothing to do
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // handlers own their dialogs and learn of their end from the BYE they handle
    }
}
