package dev.parley.sip.internal;

import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TooManyListenersException;
import java.util.UUID;

import javax.sip.InvalidArgumentException;
import javax.sip.PeerUnavailableException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipProvider;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionUnavailableException;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.server.ListeningPoint;
import dev.parley.api.server.ServerInfo;
import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.RequestSource;
import dev.parley.sip.spi.SipCore;
import gov.nist.javax.sip.RequestEventExt;
import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransaction;

/**
 * Parley's one jain-sip stack: one provider with UDP, TCP and WebSocket listening points, the dispatcher as its
 * listener. The RI classes are created directly rather than through {@code javax.sip.SipFactory}: the factory is a
 * JVM-wide singleton caching stacks by name, and in OSGi it loads {@code gov.nist} classes through the API bundle's
 * class loader, which cannot see them. Ports, bind address and domains change live in {@link #modified}.
 */
@Component(service = { SipCore.class, ServerInfo.class }, configurationPid = SipConfig.PID)
@Designate(ocd = SipConfig.class)
public final class SipServer implements SipCore, ServerInfo {
    private static final Logger LOG = LoggerFactory.getLogger(SipServer.class);
    private static final Logger WIRE = LoggerFactory.getLogger("dev.parley.sip.wire");

    private final SipStackImpl stack;
    private final MessageFactory messageFactory = new MessageFactoryImpl();
    private final HeaderFactory headerFactory = new HeaderFactoryImpl();
    private final AddressFactory addressFactory = new AddressFactoryImpl();
    private final Counters counters = new Counters();
    private final UdpTransactions udpTransactions;
    private final Transports transports;
    private final ResponseBuilder responses;
    private final OutgoingRequests requests = new OutgoingRequests(messageFactory, headerFactory, addressFactory);
    private final SipProvider provider;
    private volatile SipSettings settings;

    @Activate
    public SipServer(@Reference HandlerRegistry handlers, SipConfig config) throws PeerUnavailableException {
        this.settings = SipSettings.from(config);
        this.responses = new ResponseBuilder(messageFactory, headerFactory, settings.serverHeader());
        this.udpTransactions = new UdpTransactions(new ResponseCache(settings.udpResponseCacheMb() << 20),
                System::currentTimeMillis);
        String stackName = "parley-" + UUID.randomUUID();
        this.stack = new FlowRoutingStack(settings.stackProperties(stackName));
        // before any listening point exists: each channel creates its parser when it starts
        stack.setMessageParserFactory(transactionStack -> new StrictMessageParser());
        stack.setMessageProcessorFactory(new DatagramSizingProcessorFactory(settings.udpMaxMessageSize(),
                settings.udpQueueMaxDelayMillis(), counters));
        this.transports = new Transports(stack);
        try {
            this.provider = transports.start(settings.listeningPoints());
            SipErrorMapper errors = new SipErrorMapper(this, () -> this.settings.retryAfterSeconds());
            provider.addSipListener(new SipDispatcher(handlers, this, errors, counters, udpTransactions));
            stack.start();
        } catch (RuntimeException | TooManyListenersException | SipException e) {
            stop();
            throw new IllegalStateException("SIP stack did not start: " + e.getMessage(), e);
        }
        LOG.info("SIP stack {} started for {} on {}", stackName, settings.domains(), transports.current());
    }

    @Modified
    void modified(SipConfig config) {
        SipSettings next;
        try {
            next = SipSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("SIP configuration refused, keeping the running one: {}", e.getMessage());
            return;
        }
        SipSettings previous = settings;
        responses.setServerHeader(next.serverHeader());
        settings = next;
        transports.apply(next.listeningPoints());
        if (next.needsNewStack(previous)) {
            LOG.info("SIP worker.threads / max.message.size / udp.max.message.size / udp.queue.max.delay take effect "
                    + "when the bundle restarts");
        }
        LOG.info("SIP configuration applied: domains {}, listening on {}", next.domains(), transports.current());
    }

    @Deactivate
    void stop() {
        transports.closeAll();
        stack.stop();
        LOG.info("SIP stack stopped");
    }

    @Override
    public MessageFactory messageFactory() {
        return messageFactory;
    }

    @Override
    public HeaderFactory headerFactory() {
        return headerFactory;
    }

    @Override
    public AddressFactory addressFactory() {
        return addressFactory;
    }

    @Override
    public SipProvider provider() {
        return provider;
    }

    @Override
    public Response createResponse(int status, Request request) {
        return responses.create(status, null, request);
    }

    @Override
    public Response createResponse(int status, String reason, Request request) {
        return responses.create(status, reason, request);
    }

    @Override
    public void respond(RequestEvent event, Response response) {
        Request request = event.getRequest();
        if (udpTransactions.keeps(request) && event.getServerTransaction() == null
                && existingTransaction(request) == null) {
            respondStateless(event, response); // its retransmissions are answered from the response cache
            return;
        }
        ServerTransaction transaction;
        try {
            transaction = serverTransaction(event);
        } catch (IllegalStateException e) {
            // the stack refuses a transaction for this request: the peer still deserves the answer
            LOG.debug("No transaction for {} ({}): answering statelessly", event.getRequest().getMethod(),
                    e.getMessage());
            respondStateless(event, response);
            return;
        }
        try {
            transaction.sendResponse(response);
            sent(response);
        } catch (SipException | InvalidArgumentException e) {
            // typically the transaction already completed (a handler answered before failing): nothing to do
            LOG.debug("{} to {} not sent: {}", response.getStatusCode(), event.getRequest().getMethod(),
                    e.getMessage());
        }
    }

    @Override
    public void respondStateless(RequestEvent event, Response response) {
        try {
            provider.sendResponse(response);
            sent(response);
            udpTransactions.completed(event.getRequest(), response);
        } catch (SipException e) {
            LOG.debug("Stateless {} to {} not sent: {}", response.getStatusCode(), event.getRequest().getMethod(),
                    e.getMessage());
        }
    }

    private void sent(Response response) {
        counters.responseSent(response.getStatusCode());
        if (WIRE.isTraceEnabled()) {
            WIRE.trace("sent:\n{}", response);
        }
    }

    @Override
    public ServerTransaction serverTransaction(RequestEvent event) {
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction != null) {
            return transaction;
        }
        Request request = event.getRequest();
        ServerTransaction existing = existingTransaction(request);
        if (existing != null) {
            return existing;
        }
        try {
            return provider.getNewServerTransaction(request);
        } catch (TransactionAlreadyExistsException e) {
            // created by another thread in the meantime (a retransmission racing the original)
            ServerTransaction raced = existingTransaction(request);
            if (raced != null) {
                return raced;
            }
            throw new IllegalStateException("server transaction exists but cannot be found", e);
        } catch (TransactionUnavailableException e) {
            throw new IllegalStateException("no server transaction for " + request.getMethod(), e);
        }
    }

    private @Nullable ServerTransaction existingTransaction(Request request) {
        SIPTransaction found = request instanceof SIPRequest sipRequest ? stack.findTransaction(sipRequest, true)
                : null;
        return found instanceof ServerTransaction serverTransaction ? serverTransaction : null;
    }

    @Override
    public RequestSource source(RequestEvent event) {
        Request request = event.getRequest();
        String transport = transportOf(request);
        if (event instanceof RequestEventExt ext && ext.getRemoteIpAddress() != null) {
            return new RequestSource(transport, ext.getRemoteIpAddress(), ext.getRemotePort());
        }
        if (request instanceof SIPRequest sipRequest && sipRequest.getRemoteAddress() != null) {
            return new RequestSource(transport, sipRequest.getRemoteAddress().getHostAddress(),
                    sipRequest.getRemotePort());
        }
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return new RequestSource(transport, via == null ? "" : via.getHost(), via == null ? 0 : via.getPort());
    }

    /** The transport the request arrived on (its message channel); the top Via's as a fallback. */
    private static String transportOf(Request request) {
        if (request instanceof SIPRequest sipRequest && sipRequest.getMessageChannel() instanceof MessageChannel c) {
            return c.getTransport().toLowerCase(Locale.ROOT);
        }
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        return via == null ? "udp" : via.getTransport().toLowerCase(Locale.ROOT);
    }

    @Override
    public ViaHeader createVia(String transport) {
        return requests.via(settings.advertisedHost(), portOf(transport), transport);
    }

    @Override
    public ContactHeader createContact(String user, String transport) {
        return requests.contact(user, settings.advertisedHost(), portOf(transport), transport);
    }

    @Override
    public Request createRequest(DialogState dialog, String method, long cseq) throws ParseException {
        String transport = dialog.transport();
        return FlowRouter.pin(requests.inDialog(dialog, method, cseq, createVia(transport),
                createContact("", transport)), dialog.flow());
    }

    private int portOf(String transport) {
        return transports.current().stream().filter(point -> point.transport().equalsIgnoreCase(transport))
                .mapToInt(ListeningPoint::port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Parley does not listen on " + transport));
    }

    @Override
    public List<String> domains() {
        return settings.domains();
    }

    @Override
    public boolean isLocalDomain(String host) {
        return settings.isLocalDomain(host);
    }

    @Override
    public List<ListeningPoint> listeningPoints() {
        return transports.current();
    }

    @Override
    public Map<String, Long> counters() {
        return counters.snapshot();
    }
}
