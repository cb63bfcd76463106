package dev.parley.call.internal.sip;

import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import dev.parley.sip.spi.SipCore;

/**
 * Where the answers to a request received in a dialog go. A re-INVITE, and any request over a stream transport,
 * gets its server transaction at once. A BYE, UPDATE, INFO or REFER over UDP is answered through the SIP core,
 * which keeps such transactions as bytes (absorbing retransmissions meanwhile) instead of as a transaction object
 * that lives 32 s: at 1,000 calls/s the BYEs alone kept 32,000 of them alive.
 */
@FunctionalInterface
interface RequestAnswer {

    void send(Response response) throws SipException, InvalidArgumentException;

    static RequestAnswer of(SipCore sip, RequestEvent event) {
        Request request = event.getRequest();
        ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
        if (Request.INVITE.equals(request.getMethod()) || via == null || !"UDP".equalsIgnoreCase(via.getTransport())) {
            ServerTransaction transaction = sip.serverTransaction(event);
            return transaction::sendResponse;
        }
        return response -> sip.respond(event, response);
    }
}
