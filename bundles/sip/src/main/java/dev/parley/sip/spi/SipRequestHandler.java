package dev.parley.sip.spi;

import javax.sip.RequestEvent;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Handles the SIP requests of one method (and, for SUBSCRIBE/NOTIFY/PUBLISH, one event package). Register it as an
 * OSGi service with {@link SipMethod} (and {@link SipEvent}); the SIP core routes each request to the handler of
 * its method with the highest {@code service.ranking}. With no handler the core answers by itself.
 */
@ConsumerType
public interface SipRequestHandler {

    /**
     * Optional service property: body types (e.g. {@code application/pidf+xml}) the handler accepts; the core lists
     * them, with {@code application/sdp}, in the {@code Accept} header of its OPTIONS answer.
     */
    String ACCEPT_PROPERTY = "parley.sip.accept";

    /**
     * Optional service property: option tags (e.g. {@code path}, {@code outbound}) the handler supports. The core
     * answers 420 Bad Extension to a request whose {@code Require} names a tag its handler does not declare, and
     * lists all declared tags in {@code Supported} of its OPTIONS answer.
     */
    String SUPPORTED_PROPERTY = "parley.sip.supported";

    /**
     * Handles one request. Runs on one of the stack's worker threads: keep it short, never wait on the network.
     * Every request but ACK must get a final response, sent through {@link SipCore} now or later. A thrown
     * {@link dev.parley.api.common.ParleyException} is answered with its SIP status; anything else with 500 (and
     * logged once), so a handler never has to catch for the sake of the peer.
     */
    void handle(RequestEvent event) throws Exception;
}
