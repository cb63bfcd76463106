package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.sip.RequestEvent;
import javax.sip.header.AllowEventsHeader;
import javax.sip.header.AllowHeader;
import javax.sip.header.Header;
import javax.sip.header.RetryAfterHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UnsupportedHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.sip.spi.SipEvent;
import dev.parley.sip.spi.SipMethod;
import dev.parley.sip.spi.SipRequestHandler;

class SipDispatcherTest {
    private final RecordingSipCore core = new RecordingSipCore();
    private final HandlerRegistry registry = new HandlerRegistry();
    private final Counters counters = new Counters();
    private final UdpTransactions udpTransactions = new UdpTransactions(new ResponseCache(64 * 1024),
            System::currentTimeMillis);
    private final SipDispatcher dispatcher = new SipDispatcher(registry, core, new SipErrorMapper(core, () -> 30),
            counters, udpTransactions);
    private long nextServiceId = 1;

    private SipRequestHandler register(Map<String, Object> properties) {
        SipRequestHandler handler = mock(SipRequestHandler.class);
        Map<String, Object> withId = new HashMap<>(properties);
        withId.put(Constants.SERVICE_ID, nextServiceId++);
        registry.add(HandlerRegistry.Registration.of(() -> handler, withId));
        return handler;
    }

    private void dispatch(Request request) {
        dispatcher.processRequest(new RequestEvent(this, null, null, request));
    }

    private static List<String> values(Response response, String name) {
        List<String> values = new ArrayList<>();
        for (Iterator<?> it = response.getHeaders(name); it.hasNext();) {
            Header header = (Header) it.next();
            if (header instanceof AllowHeader allow) {
                values.add(allow.getMethod());
            } else if (header instanceof AllowEventsHeader events) {
                values.add(events.getEventType());
            } else if (header instanceof UnsupportedHeader unsupported) {
                values.add(unsupported.getOptionTag());
            } else {
                String encoded = header.toString().trim();
                values.add(encoded.substring(encoded.indexOf(':') + 1).trim());
            }
        }
        return values;
    }

    @Test
    void routesToTheHandlerOfTheMethod() throws Exception {
        SipRequestHandler register = register(Map.of(SipMethod.PROPERTY, "REGISTER"));
        Request request = core.request("REGISTER");
        dispatch(request);
        verify(register).handle(any());
        assertTrue(core.stateful.isEmpty(), "the handler answers, not the core");
        assertEquals(1, counters.get("requests.received.REGISTER"));
    }

    @Test
    void aRetransmissionOverUdpIsAbsorbedWhileWorkedOnThenAnsweredAgainWithoutTheHandler() throws Exception {
        SipRequestHandler register = register(Map.of(SipMethod.PROPERTY, "REGISTER"));
        Request request = core.request("REGISTER");
        dispatch(request);
        dispatch((Request) request.clone());
        verify(register, times(1)).handle(any());
        assertEquals(1, counters.get(Counters.RETRANSMISSIONS_ABSORBED));

        Response ok = core.createResponse(Response.OK, request);
        udpTransactions.completed(request, ok); // what the core does when it sends a final response
        dispatch((Request) request.clone());

        verify(register, times(1)).handle(any());
        assertEquals(1, counters.get(Counters.RETRANSMISSIONS_ANSWERED));
        assertEquals(200, core.last().getStatusCode());
        assertEquals(ok.getHeader("CSeq").toString(), core.last().getHeader("CSeq").toString());
    }

    @Test
    void invitesKeepTheStacksTransactions() throws Exception {
        SipRequestHandler invite = register(Map.of(SipMethod.PROPERTY, "INVITE"));
        Request request = core.request("INVITE");
        dispatch(request);
        dispatch((Request) request.clone());
        verify(invite, times(2)).handle(any()); // the stack absorbs INVITE retransmissions by its own transaction
    }

    @Test
    void unknownRequestUriSchemeGets416BeforeAnyHandler() throws Exception {
        SipRequestHandler options = register(Map.of(SipMethod.PROPERTY, "OPTIONS"));
        Request request = core.request("OPTIONS");
        request.setRequestURI(core.addressFactory().createURI("nobodyKnowsThisScheme:totallyopaquecontent"));
        dispatch(request);
        verify(options, never()).handle(any());
        assertEquals(416, core.last().getStatusCode());
    }

    @Test
    void higherServiceRankingWins() throws Exception {
        SipRequestHandler standard = register(Map.of(SipMethod.PROPERTY, new String[] { "MESSAGE" }));
        SipRequestHandler override = register(Map.of(SipMethod.PROPERTY, "MESSAGE", Constants.SERVICE_RANKING, 10));
        dispatch(core.request("MESSAGE"));
        verify(override).handle(any());
        verify(standard, never()).handle(any());
    }

    @Test
    void eventPackageHandlerWinsOverACatchAllOfTheSameMethod() throws Exception {
        SipRequestHandler catchAll = register(Map.of(SipMethod.PROPERTY, "SUBSCRIBE", Constants.SERVICE_RANKING, 5));
        SipRequestHandler presence = register(Map.of(SipMethod.PROPERTY, "SUBSCRIBE", SipEvent.PROPERTY, "presence"));
        dispatch(core.request("SUBSCRIBE", "Event: presence;id=7"));
        verify(presence).handle(any());
        dispatch(core.request("SUBSCRIBE", "Event: dialog"));
        verify(catchAll).handle(any());
    }

    @Test
    void optionsWithoutHandlerDescribesWhatTheRunningHandlersServe() {
        register(Map.of(SipMethod.PROPERTY, "REGISTER", SipRequestHandler.SUPPORTED_PROPERTY, "path"));
        register(Map.of(SipMethod.PROPERTY, "SUBSCRIBE", SipEvent.PROPERTY, new String[] { "presence", "dialog" },
                SipRequestHandler.ACCEPT_PROPERTY, "application/pidf+xml"));
        dispatch(core.request("OPTIONS"));
        Response response = core.stateless.get(0);
        assertEquals(200, response.getStatusCode());
        assertEquals(List.of("OPTIONS", "REGISTER", "SUBSCRIBE"), values(response, AllowHeader.NAME).stream()
                .sorted().toList());
        assertEquals(List.of("dialog", "presence"), values(response, AllowEventsHeader.NAME).stream().sorted()
                .toList());
        assertTrue(values(response, "Accept").containsAll(List.of("application/sdp", "application/pidf+xml")));
        assertEquals(List.of("path"), values(response, "Supported"));
        assertNotNull(((ToHeader) response.getHeader(ToHeader.NAME)).getTag(), "final response needs a To tag");
        assertEquals("Parley", values(response, "Server").get(0));
    }

    @Test
    void ackWithoutHandlerIsDroppedSilently() {
        dispatch(core.request("ACK"));
        assertTrue(core.stateful.isEmpty() && core.stateless.isEmpty());
    }

    @Test
    void inDialogRequestWithoutHandlerGets481() {
        Request bye = core.request("BYE");
        try {
            ((ToHeader) bye.getHeader(ToHeader.NAME)).setTag("to1");
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
        dispatch(bye);
        assertEquals(481, core.last().getStatusCode());
        assertEquals("to1", ((ToHeader) core.last().getHeader(ToHeader.NAME)).getTag(), "keeps the dialog's tag");
    }

    @Test
    void cancelWithoutHandlerGets481() {
        dispatch(core.request("CANCEL"));
        assertEquals(481, core.last().getStatusCode());
    }

    @Test
    void eventPackageWithoutHandlerGets489WithAllowEvents() {
        register(Map.of(SipMethod.PROPERTY, "SUBSCRIBE", SipEvent.PROPERTY, "presence"));
        dispatch(core.request("SUBSCRIBE", "Event: message-summary"));
        assertEquals(489, core.last().getStatusCode());
        assertEquals(List.of("presence"), values(core.last(), AllowEventsHeader.NAME));
    }

    @Test
    void publishWithoutAnyHandlerGets489() {
        dispatch(core.request("PUBLISH", "Event: presence"));
        assertEquals(489, core.last().getStatusCode());
    }

    @Test
    void servedMethodWithoutHandlerGets503WithRetryAfter() {
        dispatch(core.request("REGISTER"));
        Response response = core.last();
        assertEquals(503, response.getStatusCode());
        assertEquals(30, ((RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME)).getRetryAfter());
        assertEquals(1, counters.get("requests.received"));
    }

    @Test
    void unknownMethodGets405WithAllow() {
        register(Map.of(SipMethod.PROPERTY, "INVITE"));
        dispatch(core.request("FOO"));
        assertEquals(405, core.last().getStatusCode());
        assertEquals(List.of("INVITE", "OPTIONS"), values(core.last(), AllowHeader.NAME).stream().sorted().toList());
    }

    @Test
    void requiredExtensionTheHandlerDoesNotSupportGets420() throws Exception {
        SipRequestHandler handler = register(Map.of(SipMethod.PROPERTY, "INVITE",
                SipRequestHandler.SUPPORTED_PROPERTY, "replaces"));
        dispatch(core.request("INVITE", "Require: replaces, 100rel"));
        verify(handler, never()).handle(any());
        assertEquals(420, core.last().getStatusCode());
        assertEquals(List.of("100rel"), values(core.last(), UnsupportedHeader.NAME));
    }

    @Test
    void requiredExtensionTheHandlerSupportsPassesThrough() throws Exception {
        SipRequestHandler handler = register(Map.of(SipMethod.PROPERTY, "REGISTER",
                SipRequestHandler.SUPPORTED_PROPERTY, new String[] { "path", "outbound" }));
        dispatch(core.request("REGISTER", "Require: path"));
        verify(handler).handle(any());
    }

    @Test
    void parleyExceptionBecomesItsStatusAndReasonWithoutTheMessage() throws Exception {
        SipRequestHandler handler = register(Map.of(SipMethod.PROPERTY, "MESSAGE"));
        doThrow(new ParleyException(ParleyError.NOT_FOUND, "user bob has secret-ish detail")).when(handler)
                .handle(any());
        dispatch(core.request("MESSAGE"));
        Response response = core.last();
        assertEquals(404, response.getStatusCode());
        assertEquals("Not Found", response.getReasonPhrase());
        assertFalse(response.toString().contains("secret-ish"), "exception message must not reach the peer");
        assertNull(response.getHeader("Warning"));
    }

    @Test
    void unexpectedFailureBecomes500WithoutInternals() throws Exception {
        SipRequestHandler handler = register(Map.of(SipMethod.PROPERTY, "INFO"));
        doThrow(new IllegalStateException("db password wrong at Foo.java:12")).when(handler).handle(any());
        dispatch(core.request("INFO"));
        Response response = core.last();
        assertEquals(500, response.getStatusCode());
        assertFalse(response.toString().contains("Foo.java"));
        assertEquals(1, counters.get(Counters.HANDLER_FAILURES));
    }

    @Test
    void removedHandlerNoLongerReceivesRequests() throws Exception {
        Map<String, Object> properties = Map.of(SipMethod.PROPERTY, "REGISTER", Constants.SERVICE_ID, 99L);
        SipRequestHandler handler = mock(SipRequestHandler.class);
        registry.add(HandlerRegistry.Registration.of(() -> handler, properties));
        registry.removeHandler(null, properties);
        dispatch(core.request("REGISTER"));
        verify(handler, never()).handle(any());
        assertEquals(503, core.last().getStatusCode());
    }

    @Test
    void requestMissingAMandatoryHeaderGets400WithoutReachingTheHandler() throws Exception {
        SipRequestHandler handler = register(Map.of(SipMethod.PROPERTY, "INVITE"));
        dispatch(core.parse("INVITE sip:bob@example.org SIP/2.0",
                "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-nocontact", "Max-Forwards: 70",
                "From: <sip:alice@example.org>;tag=f", "To: <sip:bob@example.org>", "Call-ID: nc-1",
                "CSeq: 1 INVITE", "Content-Length: 0"));
        verify(handler, never()).handle(any());
        assertEquals(400, core.stateless.get(0).getStatusCode());
    }

    @Test
    void repeatedSingleValueHeaderGets400WithoutReachingTheHandler() throws Exception {
        SipRequestHandler handler = register(Map.of(SipMethod.PROPERTY, "INVITE"));
        dispatch(core.parseReceived("INVITE sip:bob@example.org SIP/2.0",
                "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-twocseq", "Max-Forwards: 70",
                "From: <sip:alice@example.org>;tag=f", "To: <sip:bob@example.org>", "Call-ID: tc-1",
                "CSeq: 5 INVITE", "CSeq: 59 INVITE", "Contact: <sip:alice@192.0.2.1:5070>", "Content-Length: 0"));
        verify(handler, never()).handle(any());
        assertEquals(400, core.stateless.get(0).getStatusCode());
    }

    @Test
    void singleValueHeadersGivenOnceReachTheHandler() throws Exception {
        SipRequestHandler handler = register(Map.of(SipMethod.PROPERTY, "INVITE"));
        dispatch(core.parseReceived("INVITE sip:bob@example.org SIP/2.0",
                "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-once", "Via: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK-2",
                "Max-Forwards: 70", "From: <sip:alice@example.org>;tag=f", "To: <sip:bob@example.org>",
                "Call-ID: once-1", "CSeq: 5 INVITE", "Contact: <sip:alice@192.0.2.1:5070>", "l: 0"));
        verify(handler).handle(any());
    }

    @Test
    void unknownMethodIsEchoedInTheCSeqWithItsCase() {
        dispatch(core.request("fOo-Bar"));
        Response response = core.last();
        assertEquals(405, response.getStatusCode());
        assertTrue(response.toString().contains("CSeq: 1 fOo-Bar\r\n"), response.toString());
    }

    @Test
    void subscribeWithoutEventHeaderGets489NotA400() {
        register(Map.of(SipMethod.PROPERTY, "SUBSCRIBE", SipEvent.PROPERTY, "presence"));
        dispatch(core.request("SUBSCRIBE"));
        assertEquals(489, core.last().getStatusCode());
    }
}
