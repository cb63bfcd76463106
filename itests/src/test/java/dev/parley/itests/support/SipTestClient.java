package dev.parley.itests.support;

import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TooManyListenersException;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sip.ClientTransaction;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;

/**
 * A small SIP user agent for tests, with its own jain-sip stack on a free loopback port (UDP and TCP). Every request
 * goes to one server, {@code 127.0.0.1:<serverPort>} over one transport (the stack's outbound proxy), whatever its
 * Request-URI says, so requests can be addressed to {@code sip:parley.test}. Runs inside the container (the probe
 * imports javax.sip and gov.nist from the jain-sip bundles) or in any JVM with jain-sip on the class path.
 */
public final class SipTestClient implements SipListener, AutoCloseable {

    private static final AtomicInteger STACKS = new AtomicInteger();

    private final String transport;
    private final SipStackImpl stack;
    private final SipProvider provider;
    private final int localPort;
    private final MessageFactory messages = new MessageFactoryImpl();
    private final HeaderFactory headers = new HeaderFactoryImpl();
    private final AddressFactory addresses = new AddressFactoryImpl();
    private final Map<String, BlockingQueue<Response>> responsesByBranch = new ConcurrentHashMap<>();
    private final BlockingQueue<RequestEvent> receivedRequests = new LinkedBlockingQueue<>();

    /**
     * Starts a client that sends everything to {@code 127.0.0.1:serverPort} over {@code transport} ({@code udp} or
     * {@code tcp}).
     */
    public SipTestClient(String transport, int serverPort)
            throws SipException, InvalidArgumentException, TooManyListenersException {
        this.transport = transport.toLowerCase(Locale.ROOT);
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", "parley-itest-client-" + STACKS.incrementAndGet());
        properties.setProperty("javax.sip.OUTBOUND_PROXY",
                ParleyKarafTestSupport.HOST + ":" + serverPort + "/" + this.transport);
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "2");
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        stack = new SipStackImpl(properties);
        localPort = FreePorts.udpAndTcp(20000 + (int) (Math.random() * 20000));
        ListeningPoint udp = stack.createListeningPoint(ParleyKarafTestSupport.HOST, localPort, ListeningPoint.UDP);
        ListeningPoint tcp = stack.createListeningPoint(ParleyKarafTestSupport.HOST, localPort, ListeningPoint.TCP);
        provider = stack.createSipProvider(udp);
        provider.addListeningPoint(tcp);
        provider.addSipListener(this);
        stack.start();
    }

    public MessageFactory messageFactory() {
        return messages;
    }

    public HeaderFactory headerFactory() {
        return headers;
    }

    public AddressFactory addressFactory() {
        return addresses;
    }

    public String transport() {
        return transport;
    }

    public int localPort() {
        return localPort;
    }

    /** {@code sip:<user>@127.0.0.1:<localPort>;transport=<transport>}, where this client receives. */
    public String contactUri(String user) {
        return "sip:" + user + "@" + ParleyKarafTestSupport.HOST + ":" + localPort + ";transport=" + transport;
    }

    // --- building requests ------------------------------------------------------------------------------------

    /** A new out-of-dialog request with a fresh Call-ID, CSeq 1, a From tag and Max-Forwards 70. */
    public Request createRequest(String method, String requestUri, String fromUri, String toUri)
            throws ParseException, InvalidArgumentException {
        return createRequest(method, requestUri, fromUri, toUri, provider.getNewCallId().getCallId(), 1L,
                UUID.randomUUID().toString().substring(0, 8));
    }

    private Request createRequest(String method, String requestUri, String fromUri, String toUri, String callId,
            long sequence, String fromTag) throws ParseException, InvalidArgumentException {
        CallIdHeader callIdHeader = headers.createCallIdHeader(callId);
        CSeqHeader cseq = headers.createCSeqHeader(sequence, method);
        FromHeader from = headers.createFromHeader(addresses.createAddress(fromUri), fromTag);
        ToHeader to = headers.createToHeader(addresses.createAddress(toUri), null);
        List<ViaHeader> via = new ArrayList<>(List.of(
                headers.createViaHeader(ParleyKarafTestSupport.HOST, localPort, transport, null)));
        Request request = messages.createRequest(addresses.createURI(requestUri), method, callIdHeader, cseq, from,
                to, via, headers.createMaxForwardsHeader(70));
        String user = from.getAddress().getURI().isSipURI()
                ? ((javax.sip.address.SipURI) from.getAddress().getURI()).getUser()
                : null;
        request.addHeader(headers.createContactHeader(addresses.createAddress(contactUri(user == null ? "itest" : user))));
        return request;
    }

    /** OPTIONS {@code sip:<domain>} from {@code sip:itest@<domain>}. */
    public Request createOptions(String domain) throws ParseException, InvalidArgumentException {
        return createRequest(Request.OPTIONS, "sip:" + domain, "sip:itest@" + domain, "sip:" + domain);
    }

    /** REGISTER {@code sip:<domain>} binding this client's contact to {@code sip:<user>@<domain>}. */
    public Request createRegister(String user, String domain, int expires)
            throws ParseException, InvalidArgumentException {
        String aor = "sip:" + user + "@" + domain;
        Request request = createRequest(Request.REGISTER, "sip:" + domain, aor, aor);
        request.addHeader(headers.createExpiresHeader(expires));
        return request;
    }

    /**
     * The follow-up of {@code request} answering the digest challenge in {@code challenge} (401 or 407): same
     * Call-ID and From tag, next CSeq, a new branch, and an Authorization (or Proxy-Authorization) header computed
     * with the offered algorithm {@code preferredAlgorithm} if the server offers it, else the first one offered.
     */
    public Request authorize(Request request, Response challenge, String user, String password,
            String preferredAlgorithm) throws ParseException, InvalidArgumentException {
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        WWWAuthenticateHeader offer = chooseChallenge(challenge,
                proxy ? "Proxy-Authenticate" : WWWAuthenticateHeader.NAME, preferredAlgorithm);
        CSeqHeader cseq = (CSeqHeader) request.getHeader(CSeqHeader.NAME);
        FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
        Request next = (Request) request.clone();
        next.removeHeader(ViaHeader.NAME);
        next.addHeader(headers.createViaHeader(ParleyKarafTestSupport.HOST, localPort, transport, null));
        next.setHeader(headers.createCSeqHeader(cseq.getSeqNumber() + 1, cseq.getMethod()));
        next.setHeader(headers.createFromHeader(from.getAddress(), from.getTag()));

        String algorithm = offer.getAlgorithm() == null ? "MD5" : offer.getAlgorithm();
        String qop = offer.getQop() == null ? null : chooseQop(offer.getQop());
        String uri = request.getRequestURI().toString();
        String nc = "00000001";
        String cnonce = UUID.randomUUID().toString().replace("-", "");
        AuthorizationHeader authorization = proxy
                ? headers.createProxyAuthorizationHeader(offer.getScheme())
                : headers.createAuthorizationHeader(offer.getScheme());
        authorization.setUsername(user);
        authorization.setRealm(offer.getRealm());
        authorization.setNonce(offer.getNonce());
        authorization.setURI(addresses.createURI(uri));
        authorization.setAlgorithm(algorithm);
        if (offer.getOpaque() != null) {
            authorization.setOpaque(offer.getOpaque());
        }
        if (qop != null) {
            authorization.setQop(qop);
            authorization.setNonceCount(1);
            authorization.setCNonce(cnonce);
        }
        authorization.setResponse(Digest.response(algorithm, user, offer.getRealm(), password,
                request.getMethod(), uri, offer.getNonce(), qop, nc, cnonce));
        next.setHeader(authorization);
        return next;
    }

    private static WWWAuthenticateHeader chooseChallenge(Response challenge, String headerName,
            String preferredAlgorithm) {
        WWWAuthenticateHeader first = null;
        for (ListIterator<?> it = challenge.getHeaders(headerName); it.hasNext();) {
            WWWAuthenticateHeader offer = (WWWAuthenticateHeader) it.next();
            String algorithm = offer.getAlgorithm() == null ? "MD5" : offer.getAlgorithm();
            if (algorithm.equalsIgnoreCase(preferredAlgorithm)) {
                return offer;
            }
            first = first == null ? offer : first;
        }
        if (first == null) {
            throw new AssertionError("No " + headerName + " in " + challenge.getStatusCode() + ":\n" + challenge);
        }
        return first;
    }

    private static String chooseQop(String offered) {
        for (String option : offered.split(",")) {
            if (option.trim().equalsIgnoreCase("auth")) {
                return "auth";
            }
        }
        throw new AssertionError("Server offers qop '" + offered + "' without auth");
    }

    // --- sending ----------------------------------------------------------------------------------------------

    /**
     * Sends {@code request} in a new client transaction and returns its final response; provisional responses
     * are skipped. Fails the test if no final response arrives within {@code timeout}.
     */
    public Response send(Request request, Duration timeout) throws SipException, InterruptedException {
        ClientTransaction transaction = provider.getNewClientTransaction(request);
        BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
        responsesByBranch.put(key(transaction.getBranchId(), request.getMethod()), responses);
        try {
            transaction.sendRequest();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Response response = responses.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (response == null) {
                    throw new AssertionError("No final response to " + request.getMethod() + " over " + transport
                            + " within " + timeout);
                }
                if (response.getStatusCode() >= 200) {
                    return response;
                }
            }
        } finally {
            responsesByBranch.remove(key(transaction.getBranchId(), request.getMethod()));
        }
    }

    /**
     * Sends {@code request} in a new client transaction and returns, without waiting, the queue every response of
     * that transaction arrives in (provisional ones and 2xx retransmissions included). For user agents that must
     * see 180/183 or act on a 2xx (ACK), such as {@link SipPhone}.
     */
    public BlockingQueue<Response> sendAndCollect(Request request) throws SipException {
        ClientTransaction transaction = provider.getNewClientTransaction(request);
        BlockingQueue<Response> responses = new LinkedBlockingQueue<>();
        responsesByBranch.put(key(transaction.getBranchId(), request.getMethod()), responses);
        transaction.sendRequest();
        return responses;
    }

    /** The client's provider: for server transactions, ACKs and CANCELs of a user agent built on this client. */
    public SipProvider provider() {
        return provider;
    }

    /**
     * REGISTERs {@code user} in {@code domain} with this client's contact, answering a digest challenge with
     * {@code password} (preferring {@code algorithm}), and returns the final response to the last REGISTER sent.
     */
    public Response register(String user, String domain, String password, int expires, String algorithm,
            Duration timeout) throws Exception {
        Request request = createRegister(user, domain, expires);
        Response response = send(request, timeout);
        int status = response.getStatusCode();
        if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
            response = send(authorize(request, response, user, password, algorithm), timeout);
        }
        return response;
    }

    /** The next request the server sent to this client (it is not answered), or null after {@code timeout}. */
    public RequestEvent nextReceivedRequest(Duration timeout) throws InterruptedException {
        return receivedRequests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A CANCEL shares its INVITE's branch (RFC 3261 section 9.1): responses are told apart by their CSeq method. */
    private static String key(String branch, String method) {
        return branch + ' ' + method;
    }

    // --- SipListener ------------------------------------------------------------------------------------------

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        ViaHeader via = (ViaHeader) response.getHeader(ViaHeader.NAME);
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        BlockingQueue<Response> responses = via == null || cseq == null ? null
                : responsesByBranch.get(key(via.getBranch(), cseq.getMethod()));
        if (responses != null) {
            responses.add(response);
        }
    }

    @Override
    public void processRequest(RequestEvent event) {
        receivedRequests.add(event);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        // send() reports the missing response itself when its own deadline passes
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        // as for timeouts: the caller sees no response
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        // nothing kept per transaction beyond send()
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        // no dialogs: AUTOMATIC_DIALOG_SUPPORT is off
    }

    @Override
    public void close() {
        stack.stop();
    }
}
