package dev.parley.sip.internal;

import java.text.ParseException;
import java.util.Collection;
import java.util.function.IntSupplier;

import javax.sip.InvalidArgumentException;
import javax.sip.header.CallIdHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.sip.spi.SipCore;

/**
 * Builds every error response the SIP core sends: from a handler's exception and for the no-handler rules. The peer
 * only ever sees a status and a standard reason phrase, never an exception message or stack trace.
 */
final class SipErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(SipErrorMapper.class);

    private final SipCore core;
    private final IntSupplier retryAfterSeconds;

    SipErrorMapper(SipCore core, IntSupplier retryAfterSeconds) {
        this.core = core;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * The answer to a request whose handler threw: a {@link ParleyException} maps to its error's SIP status and
     * reason; anything else is a 500, logged here once with its stack trace.
     */
    Response fromException(Request request, Throwable failure) {
        if (failure instanceof ParleyException parley) {
            ParleyError error = parley.error();
            LOG.debug("{} {} answered {} {}: {}", request.getMethod(), callId(request), error.sipStatus(),
                    error.sipReason(), parley.getMessage());
            Response response = core.createResponse(error.sipStatus(), error.sipReason(), request);
            if (error.sipStatus() == Response.SERVICE_UNAVAILABLE) {
                addRetryAfter(response);
            }
            return response;
        }
        LOG.error("Handler of {} {} failed; answering 500", request.getMethod(), callId(request), failure);
        return core.createResponse(Response.SERVER_INTERNAL_ERROR, "Server Internal Error", request);
    }

    /** 400: the request lacks a header RFC 3261 makes mandatory. */
    Response badRequest(Request request) {
        return core.createResponse(Response.BAD_REQUEST, "Bad Request", request);
    }

    /** 416: the Request-URI is neither sip, sips nor tel (RFC 3261 section 8.2.2.1). */
    Response unsupportedUriScheme(Request request) {
        return core.createResponse(Response.UNSUPPORTED_URI_SCHEME, "Unsupported URI Scheme", request);
    }

    /** 503 with Retry-After: the method is one Parley serves, but the bundle serving it is not running. */
    Response serviceUnavailable(Request request) {
        Response response = core.createResponse(Response.SERVICE_UNAVAILABLE, request);
        addRetryAfter(response);
        return response;
    }

    /** 405 with the methods that do have a handler. */
    Response methodNotAllowed(Request request, Collection<String> allowed) {
        Response response = core.createResponse(Response.METHOD_NOT_ALLOWED, request);
        addAllow(response, allowed);
        return response;
    }

    /** 489 Bad Event (RFC 6665) with the event packages that do have a handler. */
    Response badEvent(Request request, Collection<String> eventPackages) {
        Response response = core.createResponse(Response.BAD_EVENT, request);
        addAllowEvents(response, eventPackages);
        return response;
    }

    /** 420 Bad Extension listing the required option tags nobody supports. */
    Response badExtension(Request request, Collection<String> unsupported) {
        Response response = core.createResponse(Response.BAD_EXTENSION, request);
        try {
            for (String tag : unsupported) {
                response.addHeader(headers().createUnsupportedHeader(tag));
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("option tag cannot be encoded", e);
        }
        return response;
    }

    /** 481: an in-dialog request (or CANCEL) that no running handler can know. */
    Response noSuchTransaction(Request request) {
        return core.createResponse(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, request);
    }

    void addAllow(Response response, Collection<String> methods) {
        try {
            for (String method : methods) {
                response.addHeader(headers().createAllowHeader(method));
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("method cannot be encoded", e);
        }
    }

    void addAllowEvents(Response response, Collection<String> eventPackages) {
        try {
            for (String eventPackage : eventPackages) {
                response.addHeader(headers().createAllowEventsHeader(eventPackage));
            }
        } catch (ParseException e) {
            throw new IllegalArgumentException("event package cannot be encoded", e);
        }
    }

    private void addRetryAfter(Response response) {
        try {
            response.setHeader(headers().createRetryAfterHeader(retryAfterSeconds.getAsInt()));
        } catch (InvalidArgumentException e) {
            throw new IllegalArgumentException("bad Retry-After", e);
        }
    }

    private HeaderFactory headers() {
        return core.headerFactory();
    }

    private static String callId(Request request) {
        CallIdHeader callId = (CallIdHeader) request.getHeader(CallIdHeader.NAME);
        return callId == null ? "(no Call-ID)" : callId.getCallId();
    }
}
