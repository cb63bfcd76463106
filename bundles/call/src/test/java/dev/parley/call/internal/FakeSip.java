package dev.parley.call.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sip.ClientTransaction;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.RequestSource;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipResponseListener;

/**
 * A {@link SipCore} for unit tests: real jain-sip messages, mocked transactions that record what Parley sends, and
 * helpers to play the peers' requests and responses back.
 */
final class FakeSip {

    /** A client transaction Parley created, with the request it sent. */
    record Sent(Request request, ClientTransaction transaction) {
        SipResponseListener listener() {
            return (SipResponseListener) transaction.getApplicationData();
        }
    }

    final MessageFactory messages;
    final HeaderFactory headers;
    final AddressFactory addresses;
    final SipCore core = mock(SipCore.class);
    final SipProvider provider = mock(SipProvider.class);
    /** Requests sent in client transactions, in order. */
    final List<Sent> sent = new CopyOnWriteArrayList<>();
    /** Requests sent without a transaction (ACK). */
    final List<Request> stateless = new CopyOnWriteArrayList<>();
    /** Responses Parley sent, through any server transaction or statelessly, in order. */
    final List<Response> responses = new CopyOnWriteArrayList<>();
    /** The dialog state each request Parley built came from. */
    private final Map<Request, DialogState> dialogs = new IdentityHashMap<>();

    FakeSip() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
        when(core.messageFactory()).thenReturn(messages);
        when(core.headerFactory()).thenReturn(headers);
        when(core.addressFactory()).thenReturn(addresses);
        when(core.provider()).thenReturn(provider);
        when(core.createResponse(anyInt(), any(Request.class)))
                .thenAnswer(inv -> messages.createResponse(inv.<Integer>getArgument(0), inv.getArgument(1)));
        when(core.createResponse(anyInt(), anyString(), any(Request.class))).thenAnswer(inv -> {
            Response response = messages.createResponse(inv.<Integer>getArgument(0), inv.getArgument(2));
            response.setReasonPhrase(inv.getArgument(1));
            return response;
        });
        when(core.createContact(anyString(), anyString())).thenAnswer(inv -> headers
                .createContactHeader(addresses.createAddress("sip:127.0.0.1:5060")));
        when(core.source(any())).thenReturn(new RequestSource("udp", "192.0.2.10", 5062));
        when(core.createRequest(any(DialogState.class), anyString(), anyLong()))
                .thenAnswer(inv -> request(inv.getArgument(0), inv.getArgument(1), inv.<Long>getArgument(2)));
        doAnswer(inv -> responses.add(inv.getArgument(1))).when(core).respond(any(), any());
        doAnswer(inv -> responses.add(inv.getArgument(1))).when(core).respondStateless(any(), any());
        when(core.serverTransaction(any())).thenAnswer(inv -> serverTransaction());
        when(provider.getNewClientTransaction(any())).thenAnswer(inv -> clientTransaction(inv.getArgument(0)));
        doAnswer(inv -> stateless.add(inv.getArgument(0))).when(provider).sendRequest(any());
        doAnswer(inv -> responses.add(inv.getArgument(0))).when(provider).sendResponse(any());
    }

    private Request request(DialogState dialog, String method, long cseq) throws Exception {
        Request request = messages.createRequest(addresses.createURI(dialog.remoteTarget()), method,
                headers.createCallIdHeader(dialog.callId()), headers.createCSeqHeader(cseq, method),
                headers.createFromHeader(addresses.createAddress(dialog.localAddress()), dialog.localTag()),
                headers.createToHeader(addresses.createAddress(dialog.remoteAddress()), dialog.remoteTag()),
                new ArrayList<>(List.of(headers.createViaHeader("127.0.0.1", 5060, "udp", "z9hG4bK" + sent.size()
                        + "-" + stateless.size() + method))),
                headers.createMaxForwardsHeader(70));
        for (String route : dialog.routeSet()) {
            request.addHeader(headers.createRouteHeader(addresses.createAddress(route)));
        }
        dialogs.put(request, dialog);
        return request;
    }

    /** Where the core would send {@code request} (its dialog's flow), or {@code null} for its Request-URI. */
    @Nullable
    RequestSource flowOf(Request request) {
        return dialogs.get(request).flow();
    }

    private ServerTransaction serverTransaction() throws Exception {
        ServerTransaction transaction = mock(ServerTransaction.class);
        doAnswer(inv -> responses.add(inv.getArgument(0))).when(transaction).sendResponse(any());
        return transaction;
    }

    private ClientTransaction clientTransaction(Request request) throws Exception {
        ClientTransaction transaction = mock(ClientTransaction.class);
        Object[] data = new Object[1];
        doAnswer(inv -> data[0] = inv.getArgument(0)).when(transaction).setApplicationData(any());
        when(transaction.getApplicationData()).thenAnswer(inv -> data[0]);
        when(transaction.createCancel()).thenAnswer(inv -> {
            Request cancel = (Request) request.clone();
            cancel.setMethod(Request.CANCEL);
            cancel.setHeader(headers.createCSeqHeader(((CSeqHeader) request.getHeader(CSeqHeader.NAME))
                    .getSeqNumber(), Request.CANCEL));
            cancel.removeContent();
            return cancel;
        });
        sent.add(new Sent(request, transaction));
        return transaction;
    }

    /** The peer's answer to {@code sent}: its tag, Contact {@code contact} and an SDP body if given. */
    void answer(Sent sent, int status, String tag, String contact, String sdp) throws Exception {
        deliver(sent, response(sent, status, tag, contact, sdp));
    }

    /** The peer's answer to {@code sent}, not delivered yet (a test adds headers first). */
    Response response(Sent sent, int status, String tag, String contact, String sdp) throws Exception {
        Response response = messages.createResponse(status, sent.request());
        ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(tag);
        if (contact != null) {
            response.setHeader(headers.createContactHeader(addresses.createAddress(contact)));
        }
        if (sdp != null) {
            response.setContent(sdp, headers.createContentTypeHeader("application", "sdp"));
        }
        return response;
    }

    /** Delivers {@code response} to the listener of {@code sent}'s transaction. */
    void deliver(Sent sent, Response response) throws Exception {
        sent.listener().processResponse(new ResponseEvent(provider, sent.transaction(), null, response));
    }

    RequestEvent event(Request request) {
        return new RequestEvent(provider, null, null, request);
    }

    /** Sent requests of {@code method}, in order. */
    List<Request> sentRequests(String method) {
        List<Request> found = new ArrayList<>();
        sent.stream().map(Sent::request).filter(r -> r.getMethod().equals(method)).forEach(found::add);
        stateless.stream().filter(r -> r.getMethod().equals(method)).forEach(found::add);
        return found;
    }

    List<Sent> sentInvites() {
        return sent.stream().filter(s -> s.request().getMethod().equals(Request.INVITE)).toList();
    }

    static String contactOf(javax.sip.message.Message message) {
        return ((ContactHeader) message.getHeader(ContactHeader.NAME)).getAddress().getURI().toString();
    }
}
