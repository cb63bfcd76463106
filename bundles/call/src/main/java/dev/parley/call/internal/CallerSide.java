package dev.parley.call.internal;

import java.text.ParseException;
import java.util.List;

import javax.sip.InvalidArgumentException;
import javax.sip.SipException;
import javax.sip.header.Header;
import javax.sip.message.Message;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The party that placed a call, as the set-up answers it: a phone whose INVITE Parley answers as its UAS, or, for
 * click-to-call (RFC 3725 flow I), a device Parley called first and that answered with an offer. Called under the
 * session's lock.
 */
public interface CallerSide {

    /**
     * The message whose body (and Content-Type) is offered to the callee's contacts, passed on untouched: the
     * caller's INVITE, or the first party's 2xx. Without one (or without a body) the INVITEs carry no offer and the
     * callee's offer is answered in the ACK.
     */
    @Nullable
    Message offer();

    /** The To of the INVITEs to the callee; {@code null}: the caller's leg's local address (the INVITE's To). */
    default @Nullable String calleeAddress() {
        return null;
    }

    /** Max-Forwards of the INVITEs forked to the callee. */
    int maxForwards();

    /** A provisional response of a branch (180, 183 with early media). */
    void provisional(Response response) throws ParseException, SipException, InvalidArgumentException;

    /** The winning 2xx of a branch: the caller gets the callee's answer. */
    void answered(Response response) throws ParseException, SipException, InvalidArgumentException;

    /**
     * The winning 2xx, with headers Parley adds to the caller's 2xx (the session timer). Parties Parley called
     * itself get no session timer from it, so by default they are dropped.
     */
    default void answered(Response response, List<Header> extraHeaders)
            throws ParseException, SipException, InvalidArgumentException {
        answered(response);
    }

    /** Whether a diversion service may take the call in the callee's place. */
    boolean divertible();

    /** A diversion service answered in the callee's place with {@code sdp}. */
    void diverted(String sdp) throws ParseException, SipException, InvalidArgumentException;

    /** The call failed: the caller gets {@code status} (or, when it already answered, a BYE). */
    void rejected(int status);
}
