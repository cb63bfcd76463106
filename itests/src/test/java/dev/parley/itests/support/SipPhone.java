package dev.parley.itests.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A SIP phone for call tests, on a {@link SipTestClient} (so everything it sends goes to Parley): registers, calls
 * (answering the 407 challenge), answers, and sends and receives requests within a dialog. One call at a time per
 * phone is the intended use.
 */
public final class SipPhone implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final SipTestClient client;
    private final String user;
    private final String domain;
    private final String password;
    private final List<RequestEvent> unclaimed = new ArrayList<>();

    public SipPhone(int serverPort, String user, String domain, String password) throws Exception {
        this.client = new SipTestClient("udp", serverPort);
        this.user = user;
        this.domain = domain;
        this.password = password;
    }

    public String aor() {
        return "sip:" + user + "@" + domain;
    }

    /** REGISTERs this phone's contact with q {@code q}; fails unless the answer is 200. */
    public void register(float q) throws Exception {
        Request request = client.createRegister(user, domain, 600);
        ((ContactHeader) request.getHeader(ContactHeader.NAME)).setQValue(q);
        Response response = client.send(request, TIMEOUT);
        if (response.getStatusCode() == Response.UNAUTHORIZED) {
            response = client.send(client.authorize(request, response, user, password, "MD5"), TIMEOUT);
        }
        assertEquals("REGISTER of " + aor(), 200, response.getStatusCode());
    }

    // --- calling ------------------------------------------------------------------------------------------------

    /** Sends an INVITE to {@code target} with {@code sdp} (null: none), answering the 407 challenge once. */
    public Dialog call(String target, String sdp) throws Exception {
        return call(target, sdp, Map.of());
    }

    /** As {@link #call(String, String)}, with extra headers (name to value) in the INVITE. */
    public Dialog call(String target, String sdp, Map<String, String> headers) throws Exception {
        Request invite = client.createRequest(Request.INVITE, target, aor(), target);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            invite.addHeader(client.headerFactory().createHeader(header.getKey(), header.getValue()));
        }
        setBody(invite, sdp);
        BlockingQueue<Response> responses = client.sendAndCollect(invite);
        Response first = nextFinalOrProvisional(responses, TIMEOUT);
        if (first.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED) {
            invite = client.authorize(invite, first, user, password, "MD5");
            responses = client.sendAndCollect(invite);
        } else {
            responses.add(first); // not a challenge: let the caller of awaitFinal see it
        }
        return new Dialog(invite, responses);
    }

    /** An INVITE sent without answering any challenge: its first final response. */
    public Response callUnauthenticated(String from, String target) throws Exception {
        Request invite = client.createRequest(Request.INVITE, target, from, target);
        setBody(invite, Sdp.offer("192.0.2.1", 40000));
        return client.send(invite, TIMEOUT);
    }

    /** The next request of {@code method} sent to this phone, or a failure after {@code timeout}. */
    public RequestEvent awaitRequest(String method, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Iterator<RequestEvent> it = unclaimed.iterator(); it.hasNext();) {
                RequestEvent event = it.next();
                if (event.getRequest().getMethod().equals(method)) {
                    it.remove();
                    return event;
                }
            }
            long left = deadline - System.nanoTime();
            RequestEvent event = left > 0 ? client.nextReceivedRequest(Duration.ofNanos(left)) : null;
            if (event == null) {
                throw new AssertionError(aor() + " received no " + method + " within " + timeout);
            }
            unclaimed.add(event);
        }
    }

    /** True when a request of {@code method} arrives within {@code timeout} (it is consumed). */
    public boolean receives(String method, Duration timeout) throws InterruptedException {
        try {
            awaitRequest(method, timeout);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** The next INVITE for this phone, as the callee's side of a dialog. */
    public Dialog awaitCall(Duration timeout) throws Exception {
        RequestEvent event = awaitRequest(Request.INVITE, timeout);
        ServerTransaction transaction = client.provider().getNewServerTransaction(event.getRequest());
        return new Dialog(event.getRequest(), transaction);
    }

    /** Answers a request received in a dialog (BYE, re-INVITE, INFO) with {@code status} and {@code sdp}. */
    public void respond(RequestEvent event, int status, String sdp) throws Exception {
        Response response = client.messageFactory().createResponse(status, event.getRequest());
        if (status / 100 == 2 && Request.INVITE.equals(event.getRequest().getMethod())) {
            response.setHeader(contact());
        }
        setBody(response, sdp);
        ServerTransaction transaction = event.getServerTransaction() != null ? event.getServerTransaction()
                : client.provider().getNewServerTransaction(event.getRequest());
        transaction.sendResponse(response);
    }

    private ContactHeader contact() throws ParseException {
        return client.headerFactory().createContactHeader(
                client.addressFactory().createAddress(client.contactUri(user)));
    }

    private void setBody(Message message, String sdp) throws ParseException {
        if (sdp != null) {
            message.setContent(sdp, client.headerFactory().createContentTypeHeader("application", "sdp"));
        }
    }

    private static Response nextFinalOrProvisional(BlockingQueue<Response> responses, Duration timeout)
            throws InterruptedException {
        while (true) {
            Response response = responses.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull("no response within " + timeout, response);
            if (response.getStatusCode() != Response.TRYING) {
                return response;
            }
        }
    }

    /** The body of a message as text, or null. */
    public static String body(Message message) {
        byte[] content = message.getRawContent();
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    /** One call of this phone, as caller (an INVITE sent) or callee (an INVITE received). */
    public final class Dialog {
        private final Request invite;
        private final BlockingQueue<Response> responses;
        private final ServerTransaction inviteTransaction;
        private final String callId;
        private final String localTag;
        private String remoteTag;
        private String remoteTarget;
        private final String localUri;
        private final String remoteUri;
        private long cseq;

        Dialog(Request invite, BlockingQueue<Response> responses) {
            this.invite = invite;
            this.responses = responses;
            this.inviteTransaction = null;
            this.callId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
            this.localTag = ((FromHeader) invite.getHeader(FromHeader.NAME)).getTag();
            this.localUri = ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().toString();
            this.remoteUri = ((ToHeader) invite.getHeader(ToHeader.NAME)).getAddress().toString();
            this.cseq = ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber();
        }

        Dialog(Request invite, ServerTransaction transaction) {
            this.invite = invite;
            this.responses = null;
            this.inviteTransaction = transaction;
            this.callId = ((CallIdHeader) invite.getHeader(CallIdHeader.NAME)).getCallId();
            this.localTag = UUID.randomUUID().toString().substring(0, 8);
            this.remoteTag = ((FromHeader) invite.getHeader(FromHeader.NAME)).getTag();
            this.localUri = ((ToHeader) invite.getHeader(ToHeader.NAME)).getAddress().toString();
            this.remoteUri = ((FromHeader) invite.getHeader(FromHeader.NAME)).getAddress().toString();
            this.remoteTarget = ((ContactHeader) invite.getHeader(ContactHeader.NAME)).getAddress().getURI()
                    .toString();
        }

        /** The INVITE this dialog started with (sent or received). */
        public Request invite() {
            return invite;
        }

        public String callId() {
            return callId;
        }

        public String localTag() {
            return localTag;
        }

        public String remoteTag() {
            return remoteTag;
        }

        // caller side

        /** The next response to the INVITE (100 Trying skipped). */
        public Response awaitResponse(Duration timeout) throws InterruptedException {
            return nextFinalOrProvisional(responses, timeout);
        }

        /** The final response to the INVITE, provisional ones skipped; a 2xx confirms the dialog. */
        public Response awaitFinal(Duration timeout) throws InterruptedException {
            while (true) {
                Response response = awaitResponse(timeout);
                if (response.getStatusCode() >= 200) {
                    confirm(response);
                    return response;
                }
            }
        }

        private void confirm(Response response) {
            if (response.getStatusCode() / 100 == 2) {
                remoteTag = ((ToHeader) response.getHeader(ToHeader.NAME)).getTag();
                remoteTarget = ((ContactHeader) response.getHeader(ContactHeader.NAME)).getAddress().getURI()
                        .toString();
            }
        }

        /** ACKs the 2xx of the INVITE with CSeq {@code inviteCSeq}. */
        public void ack(long inviteCSeq) throws Exception {
            Request ack = request(Request.ACK, inviteCSeq);
            client.provider().sendRequest(ack);
        }

        public void ack() throws Exception {
            ack(((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber());
        }

        /** CANCELs the INVITE; returns the CANCEL's final response. */
        public Response cancel() throws Exception {
            Request cancel = client.messageFactory().createRequest(invite.getRequestURI(), Request.CANCEL,
                    (CallIdHeader) invite.getHeader(CallIdHeader.NAME),
                    client.headerFactory().createCSeqHeader(
                            ((CSeqHeader) invite.getHeader(CSeqHeader.NAME)).getSeqNumber(), Request.CANCEL),
                    (FromHeader) invite.getHeader(FromHeader.NAME), (ToHeader) invite.getHeader(ToHeader.NAME),
                    List.of((ViaHeader) invite.getHeader(ViaHeader.NAME)),
                    client.headerFactory().createMaxForwardsHeader(70));
            return client.send(cancel, TIMEOUT);
        }

        // callee side

        /** Sends a response to the received INVITE (a To tag of this dialog; Contact and SDP when given). */
        public void answer(int status, String sdp) throws Exception {
            answer(response(status, sdp));
        }

        /** The response {@link #answer(int, String)} sends, for a test to add headers or to send it again. */
        public Response response(int status, String sdp) throws Exception {
            Response response = client.messageFactory().createResponse(status, invite);
            ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(localTag);
            if (status < 300) {
                response.setHeader(contact());
            }
            setBody(response, sdp);
            return response;
        }

        /** Sends a response built with {@link #response} on the INVITE's transaction. */
        public void answer(Response response) throws Exception {
            inviteTransaction.sendResponse(response);
        }

        /** Sends a 2xx again outside its ended transaction, as a UAS does until it sees the ACK. */
        public void retransmit(Response response) throws Exception {
            client.provider().sendResponse(response);
        }

        /** 302 Moved Temporarily with {@code target} as the Contact. */
        public void redirect(String target) throws Exception {
            Response response = response(Response.MOVED_TEMPORARILY, null);
            response.setHeader(client.headerFactory().createContactHeader(client.addressFactory().createAddress(target)));
            answer(response);
        }

        // both sides

        /** A request in this dialog with the next CSeq (or, for ACK, the given one). */
        public Request request(String method, long ackCSeq) throws ParseException, InvalidArgumentException {
            long number = Request.ACK.equals(method) ? ackCSeq : ++cseq;
            Request request = client.messageFactory().createRequest(
                    client.addressFactory().createURI(remoteTarget), method,
                    client.headerFactory().createCallIdHeader(callId),
                    client.headerFactory().createCSeqHeader(number, method),
                    client.headerFactory().createFromHeader(client.addressFactory().createAddress(localUri), localTag),
                    client.headerFactory().createToHeader(client.addressFactory().createAddress(remoteUri), remoteTag),
                    new ArrayList<>(List.of(client.headerFactory().createViaHeader(ParleyKarafTestSupport.HOST,
                            client.localPort(), client.transport(), null))),
                    client.headerFactory().createMaxForwardsHeader(70));
            if (Request.INVITE.equals(method)) {
                request.setHeader(contact());
            }
            return request;
        }

        /** Sends a request in the dialog with an optional body of {@code contentType}; returns its final response. */
        public Response send(String method, String contentType, String body) throws Exception {
            Request request = request(method, 0);
            if (body != null) {
                String[] type = contentType.split("/");
                ContentTypeHeader header = client.headerFactory().createContentTypeHeader(type[0], type[1]);
                request.setContent(body, header);
            }
            return send(request);
        }

        /** Sends a request built with {@link #request} and returns its final response (a 2xx to INVITE is ACKed). */
        public Response send(Request request) throws Exception {
            String method = request.getMethod();
            Response response = client.send(request, TIMEOUT);
            if (Request.INVITE.equals(method) && response.getStatusCode() / 100 == 2) {
                ack(((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber());
            }
            return response;
        }

        /** REFER (blind transfer) to {@code target}. */
        public Response refer(String target) throws Exception {
            Request refer = request(Request.REFER, 0);
            refer.setHeader(client.headerFactory().createReferToHeader(client.addressFactory().createAddress(target)));
            return send(refer);
        }

        public Response bye() throws Exception {
            return send(Request.BYE, null, null);
        }
    }

    /** SDP bodies for tests. */
    public static final class Sdp {
        private Sdp() {
        }

        public static String offer(String address, int port) {
            return offer(address, port, "sendrecv");
        }

        public static String offer(String address, int port, String direction) {
            return "v=0\r\no=itest 1 1 IN IP4 " + address + "\r\ns=itest\r\nc=IN IP4 " + address + "\r\nt=0 0\r\n"
                    + "m=audio " + port + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                    + "a=rtpmap:101 telephone-event/8000\r\na=" + direction + "\r\n";
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
