package dev.parley.messaging.internal.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.sip.ClientTransaction;
import javax.sip.ResponseEvent;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.TimeoutEvent;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.api.common.SipAddress;
import dev.parley.api.messaging.Message;
import dev.parley.api.messaging.MessageState;
import dev.parley.api.registration.Binding;
import dev.parley.messaging.internal.DeliveryOutcome;
import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.RequestSource;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipResponseListener;

class SipMessageSenderTest {

    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final SipAddress ALICE = new SipAddress("alice", "example.org");
    private static final SipAddress BOB = new SipAddress("bob", "example.org");
    private static final Message MESSAGE = new Message("m1", ALICE, BOB, "text/plain;charset=ISO-8859-1", "Grüße",
            NOW, MessageState.STORED, false, NOW, null);

    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final SipCore sip = mock(SipCore.class);
    private final SipProvider provider = mock(SipProvider.class);
    private final ClientTransaction transaction = mock(ClientTransaction.class);
    private final List<DialogState> dialogs = new ArrayList<>();
    private final AtomicReference<Request> sent = new AtomicReference<>();
    private final AtomicReference<Object> listener = new AtomicReference<>();
    private final List<DeliveryOutcome> outcomes = new ArrayList<>();
    private final SipMessageSender sender = new SipMessageSender(sip);

    SipMessageSenderTest() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
    }

    @BeforeEach
    void wireMocks() throws Exception {
        when(sip.headerFactory()).thenReturn(headers);
        when(sip.addressFactory()).thenReturn(addresses);
        when(sip.provider()).thenReturn(provider);
        when(provider.getNewCallId()).thenReturn(headers.createCallIdHeader("new-call@parley"));
        when(sip.createRequest(any(), anyString(), anyLong())).thenAnswer(inv -> {
            DialogState dialog = inv.getArgument(0);
            dialogs.add(dialog);
            return messages.createRequest(addresses.createURI(dialog.remoteTarget()), inv.getArgument(1),
                    headers.createCallIdHeader(dialog.callId()), headers.createCSeqHeader(1L, Request.MESSAGE),
                    headers.createFromHeader(addresses.createAddress(dialog.localAddress()), dialog.localTag()),
                    headers.createToHeader(addresses.createAddress(dialog.remoteAddress()), null),
                    List.of(headers.createViaHeader("192.0.2.1", 5060, "udp", "z9hG4bK-1")),
                    headers.createMaxForwardsHeader(70));
        });
        when(provider.getNewClientTransaction(any())).thenAnswer(inv -> {
            sent.set(inv.getArgument(0));
            return transaction;
        });
        doAnswer(inv -> {
            listener.set(inv.getArgument(0));
            return null;
        }).when(transaction).setApplicationData(any());
    }

    @Test
    void theMessageGoesToTheContactFromTheSenderWithItsBodyAndType() throws Exception {
        sender.send(MESSAGE, binding("sip:bob@192.0.2.20:5070", "192.0.2.20:5070"), outcomes::add);

        DialogState dialog = dialogs.get(0);
        assertEquals("<sip:alice@example.org>", dialog.localAddress());
        assertEquals("<sip:bob@example.org>", dialog.remoteAddress());
        assertNull(dialog.remoteTag(), "out of dialog");
        assertEquals("sip:bob@192.0.2.20:5070", dialog.remoteTarget());
        assertEquals(List.of(), dialog.routeSet());
        assertEquals(new RequestSource("udp", "192.0.2.20", 5070), dialog.flow());
        assertEquals("new-call@parley", dialog.callId());
        Request request = sent.get();
        assertEquals(Request.MESSAGE, request.getMethod());
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        assertEquals("text/plain", type.getContentType() + "/" + type.getContentSubType());
        assertEquals("ISO-8859-1", type.getParameter("charset"));
        assertArrayEquals("Grüße".getBytes(StandardCharsets.ISO_8859_1), request.getRawContent());
        org.mockito.Mockito.verify(transaction).sendRequest();
    }

    @Test
    void aContactBehindNatIsReachedWhereItsRegisterCameFrom() throws Exception {
        sender.send(MESSAGE, binding("<sip:bob@10.0.0.5:5060>", "198.51.100.7:40111"), outcomes::add);

        assertEquals("sip:bob@10.0.0.5:5060", dialogs.get(0).remoteTarget());
        assertEquals(List.of(), dialogs.get(0).routeSet(), "nothing added on the wire");
        assertEquals(new RequestSource("udp", "198.51.100.7", 40111), dialogs.get(0).flow());
    }

    @Test
    void aPathIsTheRouteAsItIs() throws Exception {
        Binding viaEdge = new Binding(BOB, "sip:bob@10.0.0.5", NOW.plusSeconds(600), 1, "c", 1, "udp",
                "203.0.113.1:5060", List.of("<sip:edge.example.org;lr>"), null, 0, null, NOW);

        sender.send(MESSAGE, viaEdge, outcomes::add);

        assertEquals(List.of("<sip:edge.example.org;lr>"), dialogs.get(0).routeSet());
    }

    @Test
    void theFirstFinalResponseIsTheOutcome() throws Exception {
        sender.send(MESSAGE, binding("sip:bob@192.0.2.20", "192.0.2.20:5060"), outcomes::add);
        SipResponseListener responses = (SipResponseListener) listener.get();

        responses.processResponse(responseEvent(100));
        assertTrue(outcomes.isEmpty(), "provisional responses decide nothing");
        responses.processResponse(responseEvent(486));
        responses.processTimeout(mock(TimeoutEvent.class));

        assertEquals(List.of(new DeliveryOutcome("sip:bob@192.0.2.20", 486, "Busy here")), outcomes);
    }

    @Test
    void aTimeoutIsAnOutcome() throws Exception {
        sender.send(MESSAGE, binding("sip:bob@192.0.2.20", "192.0.2.20:5060"), outcomes::add);

        ((SipResponseListener) listener.get()).processTimeout(mock(TimeoutEvent.class));

        assertEquals(List.of(DeliveryOutcome.noResponse("sip:bob@192.0.2.20", "timeout")), outcomes);
    }

    @Test
    void aMessageThatCannotBeSentFailsAtOnce() throws Exception {
        doThrow(new SipException("no route")).when(transaction).sendRequest();

        sender.send(MESSAGE, binding("sip:bob@192.0.2.20", "192.0.2.20:5060"), outcomes::add);

        assertEquals(1, outcomes.size());
        assertEquals(DeliveryOutcome.NO_RESPONSE, outcomes.get(0).status());
        assertEquals("not sent: no route", outcomes.get(0).reason());
    }

    private ResponseEvent responseEvent(int status) throws Exception {
        ResponseEvent event = mock(ResponseEvent.class);
        when(event.getResponse()).thenReturn(messages.createResponse(status, sent.get()));
        return event;
    }

    private static Binding binding(String contact, String source) {
        return new Binding(BOB, contact, NOW.plusSeconds(600), 1, "c", 1, "udp", source, List.of(), null, 0, null, NOW);
    }
}
