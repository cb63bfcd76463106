package dev.parley.messaging.internal.sip;

import java.text.ParseException;

import java.util.Optional;

import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.server.ServerInfo;
import dev.parley.messaging.internal.BodyCodec;
import dev.parley.messaging.internal.MessageRelay;
import dev.parley.messaging.internal.MessagingConfig;
import dev.parley.messaging.internal.RateLimitedException;
import dev.parley.messaging.internal.UnsupportedContentTypeException;
import dev.parley.sip.spi.DigestAuthenticator;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipMethod;
import dev.parley.sip.spi.SipRequestHandler;

/**
 * MESSAGE (RFC 3428): the target must be a user of a served domain (no open relay); a sender of a served domain
 * must authenticate as a proxy would ask (407, since Parley relays the request) and be the From; then the relay
 * checks the recipient and the limits, stores the message and starts its delivery. The sender gets 202 Accepted as
 * soon as the message is stored — delivery to the recipient's contacts goes on without it, or waits for the
 * recipient to register — so a slow or absent recipient never holds the sender's transaction.
 */
@Component(configurationPid = MessagingConfig.PID)
@SipMethod("MESSAGE")
public final class MessageHandler implements SipRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(MessageHandler.class);
    private static final String FORBIDDEN = "Forbidden";

    private final SipCore sip;
    private final DigestAuthenticator authenticator;
    private final ServerInfo server;
    private final MessageRelay relay;
    private volatile boolean acceptForeignSenders;

    @Activate
    public MessageHandler(@Reference SipCore sip, @Reference DigestAuthenticator authenticator,
            @Reference ServerInfo server, @Reference MessageRelay relay, MessagingConfig config) {
        this.sip = sip;
        this.authenticator = authenticator;
        this.server = server;
        this.relay = relay;
        this.acceptForeignSenders = config.accept_foreign_senders();
    }

    @Modified
    void modified(MessagingConfig config) {
        this.acceptForeignSenders = config.accept_foreign_senders();
    }

    @Override
    public void handle(RequestEvent event) throws ParseException, InvalidArgumentException {
        Request request = event.getRequest();
        try {
            process(event, request);
        } catch (ParleyException e) {
            LOG.debug("MESSAGE refused: {} {}", e.error().sipStatus(), e.getMessage());
            reject(event, request, e);
        }
    }

    private void process(RequestEvent event, Request request) throws ParseException, InvalidArgumentException {
        SipAddress target = target(request);
        SipAddress sender = sender(request);
        MDC.put("aor", sender.uri());
        if (server.isLocalDomain(sender.domain())) {
            if (!authenticate(event, sender)) {
                return;
            }
        } else if (!acceptForeignSenders) {
            throw new ParleyException(ParleyError.FORBIDDEN, "Sender domain not served");
        }
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "MESSAGE without a body");
        }
        Header contentTypeHeader = request.getHeader(ContentTypeHeader.NAME);
        String contentType = contentTypeHeader == null ? "" : headerValue(contentTypeHeader);
        relay.accept(sender, target, contentType, BodyCodec.decode(body, contentType), body.length);
        sip.respond(event, sip.createResponse(Response.ACCEPTED, request));
    }

    /** The Request-URI's user in a served domain: Parley is no open relay. */
    private SipAddress target(Request request) {
        URI uri = request.getRequestURI();
        if (!(uri instanceof SipURI target) || !server.isLocalDomain(target.getHost())) {
            throw new ParleyException(ParleyError.FORBIDDEN, "Relaying not allowed");
        }
        if (target.getUser() == null || target.getUser().isEmpty()) {
            throw new ParleyException(ParleyError.NOT_FOUND, "No such user");
        }
        try {
            return new SipAddress(target.getUser(), target.getHost());
        } catch (ParleyException e) {
            throw new ParleyException(ParleyError.NOT_FOUND, "No such user");
        }
    }

    private static SipAddress sender(Request request) {
        URI from = ((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI();
        if (!(from instanceof SipURI uri) || uri.getUser() == null || uri.getUser().isEmpty()) {
            throw new ParleyException(ParleyError.INVALID_ADDRESS, "From must be a SIP URI with a user part");
        }
        try {
            return new SipAddress(uri.getUser(), uri.getHost());
        } catch (ParleyException e) {
            throw new ParleyException(ParleyError.INVALID_ADDRESS, "Invalid From address");
        }
    }

    /**
     * Proxy digest authentication in the realm of the sender's domain, then authorization: the authenticated user
     * must be the From. False when a challenge was sent and processing ends here.
     */
    private boolean authenticate(RequestEvent event, SipAddress sender) {
        Optional<SipAddress> user = authenticator.authenticateOrChallenge(sip, event, sender.domain(), true, false);
        if (user.isPresent() && !sender.equals(user.get())) {
            LOG.info("{} tried to send a MESSAGE as {}", user.get(), sender);
            throw new ParleyException(ParleyError.FORBIDDEN, "From is not the authenticated user");
        }
        return user.isPresent();
    }

    private void reject(RequestEvent event, Request request, ParleyException failure)
            throws ParseException, InvalidArgumentException {
        Response response = sip.createResponse(failure.error().sipStatus(), failure.getMessage(), request);
        HeaderFactory headers = sip.headerFactory();
        if (failure instanceof UnsupportedContentTypeException unsupported) {
            for (String accepted : unsupported.accepted()) {
                int slash = accepted.indexOf('/');
                response.addHeader(headers.createAcceptHeader(accepted.substring(0, slash),
                        accepted.substring(slash + 1)));
            }
        } else if (failure instanceof RateLimitedException limited) {
            response.addHeader(headers.createRetryAfterHeader(limited.retryAfterSeconds()));
        }
        sip.respond(event, response);
    }

    /** A header's value as it was on the wire (jain-sip prints {@code Name: value} and a line end). */
    private static String headerValue(Header header) {
        String text = header.toString();
        return text.substring(text.indexOf(':') + 1).trim();
    }
}
