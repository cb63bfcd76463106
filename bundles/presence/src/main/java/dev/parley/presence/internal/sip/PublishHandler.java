package dev.parley.presence.internal.sip;

import java.text.ParseException;
import java.util.Locale;
import java.util.Optional;

import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.address.SipURI;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SIPIfMatchHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
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
import dev.parley.presence.internal.PresenceConfig;
import dev.parley.presence.internal.PresenceView;
import dev.parley.presence.internal.Publisher;
import dev.parley.presence.internal.pidf.InvalidPidfException;
import dev.parley.presence.internal.pidf.PidfDocument;
import dev.parley.presence.internal.pidf.PidfParser;
import dev.parley.sip.spi.DigestAuthenticator;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipEvent;
import dev.parley.sip.spi.SipMethod;
import dev.parley.sip.spi.SipRequestHandler;

/**
 * PUBLISH of presence (RFC 3903 section 6, RFC 3856): the Request-URI names the presentity, only that user may
 * publish for it (digest authentication in its domain), the body is PIDF. Challenges go out statelessly, every
 * other answer through a server transaction.
 */
@Component(configurationPid = PresenceConfig.PID,
        property = SipRequestHandler.ACCEPT_PROPERTY + "=" + PresenceView.CONTENT_TYPE)
@SipMethod("PUBLISH")
@SipEvent("presence")
public final class PublishHandler implements SipRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PublishHandler.class);
    private static final int CONDITIONAL_REQUEST_FAILED = 412;

    private final SipCore sip;
    private final DigestAuthenticator authenticator;
    private final ServerInfo server;
    private final Publisher publisher;
    private volatile int maxDocumentSize;

    @Activate
    public PublishHandler(@Reference SipCore sip, @Reference DigestAuthenticator authenticator,
            @Reference ServerInfo server, @Reference Publisher publisher, PresenceConfig config) {
        this.sip = sip;
        this.authenticator = authenticator;
        this.server = server;
        this.publisher = publisher;
        this.maxDocumentSize = config.max_document_size();
    }

    @Modified
    void modified(PresenceConfig config) {
        this.maxDocumentSize = config.max_document_size();
    }

    @Override
    public void handle(RequestEvent event) throws ParseException, InvalidArgumentException {
        Request request = event.getRequest();
        try {
            process(event, request);
        } catch (ParleyException e) {
            LOG.debug("PUBLISH refused: {} {}", e.error().sipStatus(), e.getMessage());
            Response response = sip.createResponse(e.error().sipStatus(), e.getMessage(), request);
            if (e.error() == ParleyError.UNSUPPORTED_MEDIA_TYPE) {
                response.addHeader(sip.headerFactory().createAcceptHeader("application", "pidf+xml"));
            }
            sip.respond(event, response);
        }
    }

    private void process(RequestEvent event, Request request) throws ParseException, InvalidArgumentException {
        SipAddress presentity = presentity(request);
        MDC.put("aor", presentity.uri());
        if (!authenticate(event, presentity)) {
            return;
        }
        ExpiresHeader expiresHeader = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
        SIPIfMatchHeader ifMatch = (SIPIfMatchHeader) request.getHeader(SIPIfMatchHeader.NAME);
        Publisher.Outcome outcome = publisher.publish(presentity, ifMatch == null ? null : ifMatch.getETag(),
                document(request), expiresHeader == null ? null : expiresHeader.getExpires());
        HeaderFactory headers = sip.headerFactory();
        Response response;
        if (outcome instanceof Publisher.Published published) {
            response = sip.createResponse(Response.OK, request);
            response.addHeader(headers.createSIPETagHeader(published.etag()));
            response.addHeader(headers.createExpiresHeader(published.expires()));
        } else if (outcome instanceof Publisher.Removed) {
            response = sip.createResponse(Response.OK, request);
            response.addHeader(headers.createExpiresHeader(0));
        } else if (outcome instanceof Publisher.UnknownEtag) {
            response = sip.createResponse(CONDITIONAL_REQUEST_FAILED, "Conditional Request Failed", request);
        } else if (outcome instanceof Publisher.IntervalTooBrief tooBrief) {
            response = sip.createResponse(Response.INTERVAL_TOO_BRIEF, request);
            response.addHeader(headers.createMinExpiresHeader(tooBrief.minExpires()));
        } else {
            throw new IllegalStateException("Unknown publication outcome " + outcome);
        }
        LOG.debug("PUBLISH of {}: {}", presentity, outcome);
        sip.respond(event, response);
    }

    /** The Request-URI as a user of a served domain (RFC 3903 section 6 step 1). */
    private SipAddress presentity(Request request) {
        if (!(request.getRequestURI() instanceof SipURI uri) || uri.getUser() == null
                || !server.isLocalDomain(uri.getHost())) {
            throw new ParleyException(ParleyError.NOT_FOUND, "Not Found");
        }
        try {
            return new SipAddress(uri.getUser(), uri.getHost());
        } catch (ParleyException e) {
            throw new ParleyException(ParleyError.NOT_FOUND, "Not Found");
        }
    }

    /** Digest authentication in the presentity's domain; only the presentity itself may publish. */
    private boolean authenticate(RequestEvent event, SipAddress presentity) {
        Optional<SipAddress> user = authenticator.authenticateOrChallenge(sip, event, presentity.domain(), false,
                false);
        if (user.isPresent() && !presentity.equals(user.get())) {
            LOG.info("{} tried to publish the presence of {}", user.get(), presentity);
            throw new ParleyException(ParleyError.FORBIDDEN, "Not allowed to publish for this address");
        }
        return user.isPresent();
    }

    /** The PIDF body, or null when the request has none (refresh, remove). */
    private @Nullable PidfDocument document(Request request) {
        byte[] body = request.getRawContent();
        if (body == null || body.length == 0) {
            return null;
        }
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        if (type == null || !"application".equalsIgnoreCase(type.getContentType())
                || !"pidf+xml".equals(type.getContentSubType().toLowerCase(Locale.ROOT))) {
            throw new ParleyException(ParleyError.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type");
        }
        if (body.length > maxDocumentSize) {
            throw new ParleyException(ParleyError.PAYLOAD_TOO_LARGE, "PIDF document too large");
        }
        try {
            return PidfParser.parse(body);
        } catch (InvalidPidfException e) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, reasonPhrase(e.getMessage()));
        }
    }

    /** A reason phrase is one line of UTF-8 text; parser messages can be long. */
    private static String reasonPhrase(String message) {
        String line = message.replaceAll("[\\r\\n]+", " ");
        return line.length() > 100 ? line.substring(0, 100) : line;
    }
}
