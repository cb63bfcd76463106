package dev.parley.sip.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import dev.parley.sip.spi.DialogState;
import dev.parley.sip.spi.RequestSource;
import dev.parley.sip.spi.SipCore;
import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.message.MessageFactoryImpl;

/** A {@link SipCore} with the real jain-sip factories that records what would have been sent instead of sending. */
final class RecordingSipCore implements SipCore {
    final MessageFactoryImpl messages = new MessageFactoryImpl();
    final HeaderFactory headers = new HeaderFactoryImpl();
    final AddressFactory addresses = new AddressFactoryImpl();
    final ResponseBuilder responses = new ResponseBuilder(messages, headers, "Parley");
    final List<Response> stateful = new CopyOnWriteArrayList<>();
    final List<Response> stateless = new CopyOnWriteArrayList<>();

    /** Parses a request: {@code lines} joined with CRLF, then an empty line. */
    Request parse(String... lines) {
        try {
            return messages.createRequest(String.join("\r\n", lines) + "\r\n\r\n");
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private final AtomicInteger nextBranch = new AtomicInteger();

    /** Parses a request as the running stack does, with {@link StrictMessageParser}. */
    Request parseReceived(String... lines) {
        try {
            byte[] bytes = (String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
            return (Request) new StrictMessageParser().parseSIPMessage(bytes, true, false, null);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * A minimal valid request of {@code method} to {@code sip:bob@example.org}, plus extra header lines; each in its
     * own transaction (branch).
     */
    Request request(String method, String... extraHeaders) {
        String[] lines = new String[9 + extraHeaders.length];
        lines[0] = method + " sip:bob@example.org SIP/2.0";
        lines[1] = "Via: SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK-" + method.toLowerCase() + "-"
                + nextBranch.incrementAndGet();
        lines[2] = "Max-Forwards: 70";
        lines[3] = "From: <sip:alice@example.org>;tag=from1";
        lines[4] = "To: <sip:bob@example.org>";
        lines[5] = "Call-ID: call-1@192.0.2.1";
        lines[6] = "CSeq: 1 " + method;
        lines[7] = "Content-Length: 0";
        lines[8] = "Contact: <sip:alice@192.0.2.1:5070>";
        System.arraycopy(extraHeaders, 0, lines, 9, extraHeaders.length);
        return parse(lines);
    }

    Response last() {
        List<Response> all = new java.util.ArrayList<>(stateful);
        all.addAll(stateless);
        if (all.size() != 1) {
            throw new AssertionError("expected exactly one response, got " + all.size());
        }
        return all.get(0);
    }

    @Override
    public MessageFactory messageFactory() {
        return messages;
    }

    @Override
    public HeaderFactory headerFactory() {
        return headers;
    }

    @Override
    public AddressFactory addressFactory() {
        return addresses;
    }

    @Override
    public SipProvider provider() {
        throw new UnsupportedOperationException("no provider in unit tests");
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
        stateful.add(response);
    }

    @Override
    public void respondStateless(RequestEvent event, Response response) {
        stateless.add(response);
    }

    @Override
    public ServerTransaction serverTransaction(RequestEvent event) {
        throw new UnsupportedOperationException("no transactions in unit tests");
    }

    @Override
    public RequestSource source(RequestEvent event) {
        return new RequestSource("udp", "192.0.2.1", 5070);
    }

    @Override
    public ViaHeader createVia(String transport) {
        throw new UnsupportedOperationException("no requests sent in unit tests");
    }

    @Override
    public ContactHeader createContact(String user, String transport) {
        throw new UnsupportedOperationException("no requests sent in unit tests");
    }

    @Override
    public Request createRequest(DialogState dialog, String method, long cseq) {
        throw new UnsupportedOperationException("no requests sent in unit tests");
    }
}
