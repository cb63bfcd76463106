package dev.parley.sip.spi;

import java.text.ParseException;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.address.AddressFactory;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The running SIP stack, for handlers: factories, response building and sending. Provided by the SIP core while
 * its listening points are up; a reconfiguration (new port, new domain) re-registers it.
 */
@ProviderType
public interface SipCore {

    MessageFactory messageFactory();

    HeaderFactory headerFactory();

    AddressFactory addressFactory();

    /** The provider that owns all listening points, for client transactions and dialogs. */
    SipProvider provider();

    /**
     * A response to {@code request} with Parley's Server header and, for a final response of a dialog-less request
     * that lacks one, a To tag (RFC 3261 section 8.2.6.2).
     */
    Response createResponse(int status, Request request);

    /** As {@link #createResponse(int, Request)} with an explicit reason phrase. */
    Response createResponse(int status, String reason, Request request);

    /**
     * Sends a response through the request's server transaction, creating the transaction if the request has
     * none yet (stateful: retransmissions of the request are absorbed).
     */
    void respond(RequestEvent event, Response response);

    /**
     * Sends a response without a server transaction (stateless): for answers that create no state and may be
     * recomputed on a retransmission, such as a digest challenge. Cheaper under load.
     */
    void respondStateless(RequestEvent event, Response response);

    /** The request's server transaction, created if needed. */
    ServerTransaction serverTransaction(RequestEvent event);

    /** The transport and source address the request arrived from. */
    RequestSource source(RequestEvent event);

    /**
     * A Via for a request Parley sends on {@code transport}: the advertised address and that listening point's
     * port, a fresh RFC 3261 branch, and {@code rport} (RFC 3581).
     *
     * @throws IllegalArgumentException when Parley does not listen on that transport
     */
    ViaHeader createVia(String transport);

    /** Parley's own Contact for requests and responses on {@code transport}: {@code <sip:user@address:port;transport=..>}. */
    ContactHeader createContact(String user, String transport);

    /**
     * A request within a dialog Parley keeps itself (or, with no remote tag, the initial request of a dialog or a
     * request outside any, such as MESSAGE): Request-URI the remote target, From/To with the tags, the
     * Call-ID, CSeq {@code cseq} {@code method}, the Route set, Max-Forwards 70, a fresh Via and, for methods that
     * establish or refresh a target (INVITE, UPDATE, SUBSCRIBE, NOTIFY, REFER), Parley's Contact. Send it through
     * a client transaction of {@link #provider()} (ACK: {@code provider().sendRequest}). With a
     * {@link DialogState#flow() flow} and no route set, the stack sends it to the flow (the peer's own TCP or
     * WebSocket connection, its NAT address) rather than where the Request-URI leads.
     *
     * @throws java.text.ParseException when a stored address or URI does not parse
     */
    Request createRequest(DialogState dialog, String method, long cseq) throws ParseException;
}
