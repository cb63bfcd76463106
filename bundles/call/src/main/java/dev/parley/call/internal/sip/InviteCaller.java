package dev.parley.call.internal.sip;

import java.text.ParseException;
import java.util.List;

import javax.sip.InvalidArgumentException;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.header.Header;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.call.internal.CallerSide;
import dev.parley.call.internal.Leg;

/** A caller whose INVITE Parley answers as its UAS: responses on the INVITE's server transaction. */
final class InviteCaller implements CallerSide {
    private static final Logger LOG = LoggerFactory.getLogger(InviteCaller.class);

    private final Signalling signalling;
    private final OkRetransmissions oks;
    private final ServerTransaction transaction;
    private final Request invite;
    private final Leg leg;

    InviteCaller(Signalling signalling, OkRetransmissions oks, ServerTransaction transaction, Request invite,
            Leg leg) {
        this.signalling = signalling;
        this.oks = oks;
        this.transaction = transaction;
        this.invite = invite;
        this.leg = leg;
    }

    @Override
    public Message offer() {
        return invite;
    }

    /** The INVITE's hop count minus one: a B2BUA still must not loop forever (a contact pointing back at Parley). */
    @Override
    public int maxForwards() {
        MaxForwardsHeader hops = (MaxForwardsHeader) invite.getHeader(MaxForwardsHeader.NAME);
        return hops == null ? 70 : hops.getMaxForwards() - 1;
    }

    @Override
    public void provisional(Response response) throws ParseException, SipException, InvalidArgumentException {
        Response relayed = signalling.response(response.getStatusCode(), response.getReasonPhrase(), invite, leg);
        Signalling.copyBody(response, relayed);
        transaction.sendResponse(relayed);
    }

    @Override
    public void answered(Response response) throws ParseException, SipException, InvalidArgumentException {
        answered(response, List.of());
    }

    @Override
    public void answered(Response response, List<Header> extraHeaders)
            throws ParseException, SipException, InvalidArgumentException {
        Response ok = signalling.response(Response.OK, null, invite, leg);
        Signalling.copyBody(response, ok);
        for (Header header : extraHeaders) {
            ok.setHeader(header);
        }
        sendOk(ok);
    }

    @Override
    public boolean divertible() {
        return true;
    }

    @Override
    public void diverted(String sdp) throws ParseException, SipException, InvalidArgumentException {
        Response ok = signalling.response(Response.OK, null, invite, leg);
        signalling.setBody(ok, "application", "sdp", sdp);
        sendOk(ok);
    }

    private void sendOk(Response ok) throws SipException, InvalidArgumentException {
        transaction.sendResponse(ok);
        oks.start(OkRetransmissions.key(leg.key(), CallSetup.cseq(invite)), ok);
    }

    @Override
    public void rejected(int status) {
        try {
            transaction.sendResponse(signalling.response(status, null, invite, leg));
        } catch (ParseException | SipException | InvalidArgumentException e) {
            LOG.debug("Final {} to the caller not sent: {}", status, e.getMessage());
        }
    }
}
