package dev.parley.sip.spi;

import javax.sip.ResponseEvent;
import javax.sip.TimeoutEvent;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the responses (and the timeout) of one client transaction: set it as the transaction's application data
 * ({@code clientTransaction.setApplicationData(listener)}) before sending the request. The stack has one listener,
 * the SIP core, which routes each response here; responses of transactions without one are dropped.
 * Runs on a stack worker thread: keep it short.
 */
@ConsumerType
public interface SipResponseListener {

    void processResponse(ResponseEvent event) throws Exception;

    /** Timer B/F fired: no final response came. */
    default void processTimeout(TimeoutEvent event) throws Exception {
    }
}
