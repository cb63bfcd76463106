package dev.parley.events.internal;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.RequestSource;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipResponseListener;

/**
 * A mocked {@link SipCore} over the jain-sip RI's factories: responses and NOTIFYs are real messages, kept here
 * instead of being sent, and each NOTIFY can be answered through the listener the notifier gave its transaction.
 */
final class SipFixture {

    /** A NOTIFY as sent, with the listener of its client transaction. */
    record SentNotify(Request request, SipResponseListener listener) {
        String body() {
            byte[] raw = request.getRawContent();
            return raw == null ? "" : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
        }

        String header(String name) {
            return request.getHeader(name).toString().substring(name.length() + 1).trim();
        }

        /** The subscriber answers with {@code status}. */
        void answer(int status, MessageFactory messages) throws Exception {
            Response response = messages.createResponse(status, request);
            ResponseEvent event = mock(ResponseEvent.class);
            when(event.getResponse()).thenReturn(response);
            listener.processResponse(event);
        }
    }

    final MessageFactory messages;
    final HeaderFactory headers;
    final AddressFactory addresses;
    final SipCore core = mock(SipCore.class);
    final List<Response> responses = new CopyOnWriteArrayList<>();
    final List<Response> challenges = new CopyOnWriteArrayList<>();
    final List<SentNotify> notifies = new CopyOnWriteArrayList<>();

    SipFixture() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
        when(core.headerFactory()).thenReturn(headers);
        when(core.addressFactory()).thenReturn(addresses);
        when(core.messageFactory()).thenReturn(messages);
        when(core.createResponse(anyInt(), any(Request.class))).thenAnswer(inv -> {
            Response response = messages.createResponse(inv.<Integer>getArgument(0), inv.getArgument(1));
            ((javax.sip.header.ToHeader) response.getHeader("To")).setTag("notifier-tag");
            return response;
        });
        when(core.createResponse(anyInt(), anyString(), any(Request.class))).thenAnswer(inv -> {
            Response response = messages.createResponse(inv.<Integer>getArgument(0), inv.getArgument(2));
            response.setReasonPhrase(inv.getArgument(1));
            return response;
        });
        when(core.source(any())).thenReturn(new RequestSource("udp", "192.0.2.10", 5062));
        when(core.createContact(anyString(), anyString())).thenAnswer(inv -> headers.createContactHeader(
                addresses.createAddress("sip:" + inv.getArgument(0) + "@192.0.2.1:5060")));
        doAnswer(inv -> responses.add(inv.getArgument(1))).when(core).respond(any(), any());
        doAnswer(inv -> challenges.add(inv.getArgument(1))).when(core).respondStateless(any(), any());
        when(core.createRequest(any(DialogState.class), anyString(), anyLong()))
                .thenAnswer(inv -> inDialog(inv.getArgument(0), inv.getArgument(1), inv.getArgument(2)));
        SipProvider provider = mock(SipProvider.class);
        when(core.provider()).thenReturn(provider);
        when(provider.getNewClientTransaction(any())).thenAnswer(inv -> transaction(inv.getArgument(0)));
    }

    private Request inDialog(DialogState dialog, String method, long cseq) throws Exception {
        return messages.createRequest(addresses.createURI(dialog.remoteTarget()), method,
                headers.createCallIdHeader(dialog.callId()), headers.createCSeqHeader(cseq, method),
                headers.createFromHeader(addresses.createAddress(dialog.localAddress()), dialog.localTag()),
                headers.createToHeader(addresses.createAddress(dialog.remoteAddress()), dialog.remoteTag()),
                List.of(headers.createViaHeader("192.0.2.1", 5060, dialog.transport(), "z9hG4bK-" + cseq)),
                headers.createMaxForwardsHeader(70));
    }

    private ClientTransaction transaction(Request request) throws Exception {
        ClientTransaction transaction = mock(ClientTransaction.class);
        SipResponseListener[] listener = new SipResponseListener[1];
        doAnswer(inv -> listener[0] = inv.getArgument(0)).when(transaction).setApplicationData(any());
        doAnswer(inv -> notifies.add(new SentNotify(request, listener[0]))).when(transaction).sendRequest();
        return transaction;
    }

    SentNotify lastNotify() {
        return notifies.get(notifies.size() - 1);
    }
}
