package dev.parley.sip.spi;

import javax.sip.ResponseEvent;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the responses no client transaction claims, above all a 2xx to INVITE that the peer retransmits after the
 * transaction ended because it has not seen the ACK (RFC 3261 section 13.2.2.4: the UAC core must ACK each
 * retransmission again). Register it as an OSGi service; the SIP core offers each such response to every handler,
 * highest {@code service.ranking} first, until one takes it. Responses no handler takes are dropped.
 * Runs on a stack worker thread: keep it short.
 */
@ConsumerType
public interface SipStrayResponseHandler {

    /** Handles {@code event} (its client transaction is {@code null}); false if the response is not this handler's. */
    boolean handleStray(ResponseEvent event) throws Exception;
}
