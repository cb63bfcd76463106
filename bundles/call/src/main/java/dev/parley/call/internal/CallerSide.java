package dev.parley.call.internal;

import java.text.ParseException;

import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.message.Message;
import javax.sip.message.Response;

/**
 * The party that placed a call, as the set-up answers it: a phone whose INVITE Parley answers as its UAS, or, for
 * click-to-call (RFC 3725 flow I), a device Parley called first and that answered with an offer. Called under the
 * session's lock.
 */
public interface CallerSide {

    /**
     * The message whose body (and Content-Type) is offered to the callee's contacts, passed on untouched: the
     * caller's INVITE, or the first party's 2xx; without a body the offer is delayed to the ACK.
     */
    Message offer();

    /** Max-Forwards of the INVITEs forked to the callee. */
    int maxForwards();

    /** A provisional response of a branch (180, 183 with early media). */
    void provisional(Response response) throws ParseException, SipException, InvalidArgumentException;

    /** The winning 2xx of a branch: the caller gets the callee's answer. */
    void answered(Response response) throws ParseException, SipException, InvalidArgumentException;

    /** Whether a diversion service may take the call in the callee's place. */
    boolean divertible();

    /** A diversion service answered in the callee's place with {@code sdp}. */
    void diverted(String sdp) throws ParseException, SipException, InvalidArgumentException;

    /** The call failed: the caller gets {@code status} (or, when it already answered, a BYE). */
    void rejected(int status);
}
