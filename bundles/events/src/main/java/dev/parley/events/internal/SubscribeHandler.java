package dev.parley.events.internal;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.account.AccountService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.event.EventPackage;
import dev.parley.api.event.SubscriptionState;
import dev.parley.api.server.ServerInfo;
import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.DigestAuthenticator;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipEvent;
import dev.parley.sip.spi.SipMethod;
import dev.parley.sip.spi.SipRequestHandler;

/**
 * SUBSCRIBE for every event package (RFC 6665 section 4.2.1): one handler that dispatches to the running
 * {@link EventPackage}s. It registers itself (rather than through DS) so that its {@value SipEvent#PROPERTY}
 * property can follow the running packages: the SIP core then lists them in {@code Allow-Events} of its OPTIONS
 * answer, and answers 489 itself for any other package.
 */
@Component(service = {})
public final class SubscribeHandler implements SipRequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SubscribeHandler.class);

    private final SipCore sip;
    private final DigestAuthenticator authenticator;
    private final ServerInfo server;
    private final AccountService accounts;
    private final EventPackages packages;
    private final SubscriptionManager subscriptions;
    private final ServiceRegistration<SipRequestHandler> registration;
    private final Runnable packagesChanged = this::updateRegistration;
    private boolean closed; // guarded by this

    @Activate
    public SubscribeHandler(@Reference SipCore sip, @Reference DigestAuthenticator authenticator,
            @Reference ServerInfo server, @Reference AccountService accounts, @Reference EventPackages packages,
            @Reference SubscriptionManager subscriptions, BundleContext context) {
        this.sip = sip;
        this.authenticator = authenticator;
        this.server = server;
        this.accounts = accounts;
        this.packages = packages;
        this.subscriptions = subscriptions;
        this.registration = context.registerService(SipRequestHandler.class, this, properties());
        packages.addListener(packagesChanged);
        updateRegistration(); // a package may have come between the registration and the listener
    }

    @Deactivate
    void deactivate() {
        packages.removeListener(packagesChanged);
        synchronized (this) {
            // waits for an update in progress, whose MODIFIED event the SIP core handles before it returns, and
            // stops later ones: a MODIFIED handled after the UNREGISTERING below would bring this registration
            // back into the SIP core's handler registry, where it would win (older service) and answer 489
            closed = true;
        }
        registration.unregister();
    }

    /**
     * Synchronized: the packages' thread and the activating thread both call it, and a snapshot taken before a change
     * must not be set after the snapshot taken after it (the service would advertise a package that is gone). Never
     * after {@link #deactivate} has begun.
     */
    private synchronized void updateRegistration() {
        if (closed) {
            return;
        }
        try {
            registration.setProperties(properties());
        } catch (IllegalStateException e) {
            LOG.debug("SUBSCRIBE handler already unregistered");
        }
    }

    private Hashtable<String, Object> properties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(SipMethod.PROPERTY, Request.SUBSCRIBE);
        List<String> names = List.copyOf(packages.names());
        if (!names.isEmpty()) {
            properties.put(SipEvent.PROPERTY, names.toArray(String[]::new));
        }
        return properties;
    }

    @Override
    public void handle(RequestEvent event) throws ParseException, InvalidArgumentException {
        Request request = event.getRequest();
        try {
            EventHeader eventHeader = (EventHeader) request.getHeader(EventHeader.NAME);
            String name = eventHeader == null ? "" : eventHeader.getEventType();
            EventPackage eventPackage = packages.find(name)
                    .orElseThrow(() -> new Refusal(Response.BAD_EVENT, "Bad Event"));
            String toTag = ((ToHeader) request.getHeader(ToHeader.NAME)).getTag();
            SubscribeContext context = new SubscribeContext(event, eventPackage, eventHeader.getEventId(),
                    expires(request));
            if (toTag == null) {
                initial(context);
            } else {
                inDialog(context, toTag);
            }
        } catch (Refusal refusal) {
            LOG.debug("SUBSCRIBE refused: {} {}", refusal.status(), refusal.getMessage());
            sip.respond(event, refusalResponse(request, refusal));
        } catch (ParleyException e) {
            LOG.debug("SUBSCRIBE refused: {} {}", e.error().sipStatus(), e.getMessage());
            sip.respond(event, refusalResponse(request, new Refusal(e.error().sipStatus(), e.getMessage())));
        }
    }

    /** What one SUBSCRIBE asks. */
    private record SubscribeContext(RequestEvent event, EventPackage eventPackage, @Nullable String eventId,
            @Nullable Integer expires) {
        Request request() {
            return event.getRequest();
        }
    }

    /** A new subscription: RFC 6665 section 4.2.1 and the checks of this notifier. */
    private void initial(SubscribeContext context) throws ParseException, InvalidArgumentException {
        Request request = context.request();
        SipAddress resource = resource(request);
        SipAddress subscriber = authenticate(context.event(), request);
        if (subscriber == null) {
            return; // challenged
        }
        absorbRetransmissions(context.event());
        if (accounts.find(resource).isEmpty()) {
            throw new Refusal(Response.NOT_FOUND, "Not Found");
        }
        EventPackage eventPackage = context.eventPackage();
        checkAccept(request, eventPackage.contentType());
        int expires = subscriptions.policy().grant(context.expires());
        SubscriptionState state = switch (eventPackage.authorize(subscriber, resource)) {
            case ACCEPT -> SubscriptionState.ACTIVE;
            case PENDING -> SubscriptionState.PENDING;
            case REJECT -> throw new Refusal(Response.FORBIDDEN, "Forbidden");
            case NO_SUCH_RESOURCE -> throw new Refusal(Response.NOT_FOUND, "Not Found");
        };
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        if (contact == null) {
            throw new Refusal(Response.BAD_REQUEST, "Missing Contact header");
        }
        String transport = sip.source(context.event()).transport();
        Response ok = ok(request, expires, resource, transport);
        // NOTIFYs go back where the SUBSCRIBE came from: a WebSocket or NATed subscriber is reachable only there
        DialogState dialog = dialog(request, ok, contact, transport).withFlow(sip.source(context.event()));
        if (expires == 0) {
            sip.respond(context.event(), ok);
            subscriptions.fetch(eventPackage.name(), subscriber, resource, state, dialog, context.eventId());
            return;
        }
        var live = subscriptions.create(eventPackage.name(), subscriber, resource, state, expires, dialog,
                cseq(request), context.eventId(), null);
        LOG.debug("{} subscribed to {} of {} for {} s ({})", subscriber, eventPackage.name(), resource, expires,
                state);
        sip.respond(context.event(), ok);
        subscriptions.notifyCurrentState(live);
    }

    /** A refresh or un-subscribe (RFC 6665 sections 4.2.1.2 and 4.2.1.4) in an existing subscription's dialog. */
    private void inDialog(SubscribeContext context, String toTag) throws ParseException, InvalidArgumentException {
        Request request = context.request();
        String callId = ((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId();
        String fromTag = ((FromHeader) request.getHeader(FromHeader.NAME)).getTag();
        var live = subscriptions.find(new SubscriptionManager.DialogKey(callId, String.valueOf(fromTag), toTag,
                context.eventPackage().name(), context.eventId()))
                .orElseThrow(() -> new Refusal(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST,
                        "Subscription Does Not Exist"));
        long cseq = cseq(request);
        if (cseq <= live.remoteCseq()) {
            throw new Refusal(Response.SERVER_INTERNAL_ERROR, "Out of order CSeq");
        }
        int expires = subscriptions.policy().grant(context.expires());
        String transport = sip.source(context.event()).transport();
        Response ok = ok(request, expires, live.resource(), transport);
        if (expires == 0) {
            sip.respond(context.event(), ok);
            subscriptions.terminate(live.id(), "timeout");
            return;
        }
        ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
        subscriptions.refresh(live, expires, cseq, contact == null ? null : contact.getAddress().getURI().toString());
        sip.respond(context.event(), ok);
        subscriptions.notifyCurrentState(live);
    }

    /** From here on a retransmission of the SUBSCRIBE is absorbed by its transaction: it must not subscribe twice. */
    private void absorbRetransmissions(RequestEvent event) {
        try {
            sip.serverTransaction(event);
        } catch (IllegalStateException e) {
            LOG.debug("No server transaction for the SUBSCRIBE: {}", e.getMessage()); // answered statelessly later
        }
    }

    /** The Request-URI as a resource in a local domain (404 otherwise: Parley relays no SUBSCRIBE). */
    private SipAddress resource(Request request) {
        URI target = request.getRequestURI();
        if (!(target instanceof SipURI uri) || !server.isLocalDomain(uri.getHost()) || uri.getUser() == null) {
            throw new Refusal(Response.NOT_FOUND, "Not Found");
        }
        try {
            return new SipAddress(uri.getUser(), uri.getHost());
        } catch (ParleyException e) {
            throw new Refusal(Response.NOT_FOUND, "Not Found");
        }
    }

    /**
     * Digest authentication in the realm of the subscriber's domain (the From domain when Parley serves it, else
     * the resource's). Null when a challenge was sent.
     */
    private @Nullable SipAddress authenticate(RequestEvent event, Request request) {
        URI from = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
        String realm = from instanceof SipURI uri && server.isLocalDomain(uri.getHost()) ? uri.getHost()
                : ((SipURI) request.getRequestURI()).getHost().toLowerCase(Locale.ROOT);
        return authenticator.authenticateOrChallenge(sip, event, realm, false, false).orElse(null);
    }

    /** 406 when the SUBSCRIBE's Accept headers exclude the package's document type. */
    private static void checkAccept(Request request, String contentType) {
        Iterator<?> accepts = request.getHeaders(AcceptHeader.NAME);
        if (accepts == null || !accepts.hasNext()) {
            return;
        }
        String[] wanted = contentType.toLowerCase(Locale.ROOT).split("/", 2);
        while (accepts.hasNext()) {
            AcceptHeader accept = (AcceptHeader) accepts.next();
            String type = String.valueOf(accept.getContentType()).toLowerCase(Locale.ROOT);
            String subType = String.valueOf(accept.getContentSubType()).toLowerCase(Locale.ROOT);
            if ((type.equals("*") || type.equals(wanted[0])) && (subType.equals("*") || subType.equals(wanted[1]))) {
                return;
            }
        }
        throw new Refusal(Response.NOT_ACCEPTABLE, "Not Acceptable");
    }

    private static @Nullable Integer expires(Request request) {
        ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        return expires == null ? null : expires.getExpires();
    }

    private static long cseq(Request request) {
        return ((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber();
    }

    /** 200 with the granted Expires, Parley's Contact and the running packages in Allow-Events. */
    private Response ok(Request request, int expires, SipAddress resource, String transport)
            throws ParseException, InvalidArgumentException {
        Response ok = sip.createResponse(Response.OK, request);
        HeaderFactory headers = sip.headerFactory();
        ok.setHeader(headers.createExpiresHeader(expires));
        ok.setHeader(sip.createContact(resource.user(), transport));
        addAllowEvents(ok);
        return ok;
    }

    /** The notifier's side of the new dialog (RFC 3261 section 12.1.1): our tag is the 200's To tag. */
    private static DialogState dialog(Request request, Response ok, ContactHeader contact, String transport) {
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        ToHeader to = (ToHeader) ok.getHeader(ToHeader.NAME);
        List<String> routeSet = new ArrayList<>();
        for (Iterator<?> it = request.getHeaders(RecordRouteHeader.NAME); it.hasNext();) {
            routeSet.add(((RecordRouteHeader) it.next()).getAddress().toString());
        }
        return new DialogState(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId(),
                to.getAddress().toString(), to.getTag(), from.getAddress().toString(), from.getTag(),
                contact.getAddress().getURI().toString(), routeSet, transport);
    }

    private void addAllowEvents(Response response) throws ParseException {
        for (String name : packages.names()) {
            response.addHeader(sip.headerFactory().createAllowEventsHeader(name));
        }
    }

    private Response refusalResponse(Request request, Refusal refusal) throws ParseException, InvalidArgumentException {
        Response response = sip.createResponse(refusal.status(), refusal.getMessage(), request);
        switch (refusal.status()) {
            case Response.BAD_EVENT -> addAllowEvents(response);
            case Response.INTERVAL_TOO_BRIEF -> response
                    .setHeader(sip.headerFactory().createMinExpiresHeader(subscriptions.policy().min()));
            default -> {
                // no extra header
            }
        }
        return response;
    }

    /** A SUBSCRIBE answered with an error status. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refusal(int status, String reason) {
            super(reason, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
