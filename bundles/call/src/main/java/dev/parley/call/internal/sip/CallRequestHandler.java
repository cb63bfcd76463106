package dev.parley.call.internal.sip;

import java.util.Optional;

import javax.sip.RequestEvent;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.account.AccountService;
import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.common.SipAddress;
import dev.parley.api.registration.LocationService;
import dev.parley.api.server.ServerInfo;
import dev.parley.call.internal.CallConfig;
import dev.parley.call.internal.CallEngine;
import dev.parley.sip.spi.DigestAuthenticator;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipMethod;
import dev.parley.sip.spi.SipRequestHandler;

/**
 * The call's SIP methods. One handler for all of them because they share one dialog table: an initial INVITE is
 * authorized here and set up by {@link CallSetup}; CANCEL goes to the set-up; every request with a To tag (ACK,
 * BYE, re-INVITE, UPDATE, INFO, REFER) to {@link DialogRelay}.
 *
 * <p>Authorization of an initial INVITE: a From in a local domain is always authenticated (407, realm the From
 * domain) and must be the authenticated user; a From in a foreign domain calling a local user is challenged in the
 * callee's realm unless {@code inbound.unauthenticated}; a target outside the local domains is refused with 403
 * "Relaying not allowed" — Parley is no open relay.
 */
@Component(property = SipRequestHandler.SUPPORTED_PROPERTY + "=" + SessionTimers.TIMER)
@SipMethod({ "INVITE", "ACK", "BYE", "CANCEL", "INFO", "UPDATE", "REFER" })
public final class CallRequestHandler implements SipRequestHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CallRequestHandler.class);
    private static final String RELAYING = "Relaying not allowed";

    private final CallEngine engine;
    private final SipCore sip;
    private final DigestAuthenticator authenticator;
    private final ServerInfo server;
    private final AccountService accounts;
    private final LocationService location;

    @Activate
    public CallRequestHandler(@Reference CallEngine engine, @Reference SipCore sip,
            @Reference DigestAuthenticator authenticator, @Reference ServerInfo server,
            @Reference AccountService accounts, @Reference LocationService location) {
        this.engine = engine;
        this.sip = sip;
        this.authenticator = authenticator;
        this.server = server;
        this.accounts = accounts;
        this.location = location;
    }

    @Override
    public void handle(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        String method = request.getMethod();
        if (Request.CANCEL.equals(method)) {
            engine.setup().cancel(event);
        } else if (((ToHeader) request.getHeader(ToHeader.NAME)).getTag() != null) {
            engine.relay().handle(event);
        } else if (Request.INVITE.equals(method)) {
            try {
                invite(event, request);
            } catch (ParleyException refused) {
                // answered here rather than by the core, which gives only the standard phrase: the reason matters
                LOG.debug("INVITE refused: {} {}", refused.error().sipStatus(), refused.getMessage());
                sip.respond(event, sip.createResponse(refused.error().sipStatus(), refused.getMessage(), request));
            }
        } else if (!Request.ACK.equals(method)) {
            sip.respond(event, sip.createResponse(481, request)); // BYE, INFO, UPDATE, REFER outside any dialog
        }
    }

    private void invite(RequestEvent event, Request request) throws Exception {
        SipAddress caller = address(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI());
        boolean localCaller = caller != null && server.isLocalDomain(caller.domain());
        SipAddress callee = target(request.getRequestURI());
        if (caller == null) {
            throw new ParleyException(ParleyError.FORBIDDEN, "From must be a SIP address");
        }
        boolean localCallee = server.isLocalDomain(callee.domain());
        if (!localCaller && !localCallee) {
            throw new ParleyException(ParleyError.FORBIDDEN, RELAYING);
        }
        CallConfig config = engine.config();
        if (localCaller || !config.inbound_unauthenticated()) {
            String realm = localCaller ? caller.domain() : callee.domain();
            if (!authenticated(event, realm, localCaller ? caller : null)) {
                return;
            }
        }
        if (!localCallee) {
            LOG.info("{} tried to call {} outside the local domains", caller, callee);
            throw new ParleyException(ParleyError.FORBIDDEN, RELAYING);
        }
        if (accounts.find(callee).isEmpty() && !engine.serves(callee)) {
            throw new ParleyException(ParleyError.NOT_FOUND, "Not Found");
        }
        if (engine.registry().activeCallsPlacedBy(caller) >= config.max_calls_per_user()) {
            throw new ParleyException(ParleyError.FORBIDDEN, "Too many calls");
        }
        Response tooSmall = engine.sessionTimers().tooSmall(request);
        if (tooSmall != null) {
            sip.respond(event, tooSmall);
            return;
        }
        engine.setup().start(event, caller, callee, location.lookup(callee));
    }

    /**
     * Digest authentication as a proxy would (407, Proxy-Authorization). False when a challenge went out. When
     * {@code claimed} is given, the authenticated user must be that address.
     */
    private boolean authenticated(RequestEvent event, String realm, @Nullable SipAddress claimed) {
        Optional<SipAddress> user = authenticator.authenticateOrChallenge(sip, event, realm, true, false);
        if (user.isPresent() && claimed != null && !claimed.equals(user.get())) {
            LOG.info("{} tried to call as {}", user.get(), claimed);
            throw new ParleyException(ParleyError.FORBIDDEN, "From is not the authenticated user");
        }
        return user.isPresent();
    }

    private static @Nullable SipAddress address(URI uri) {
        if (!(uri instanceof SipURI sipUri) || sipUri.getUser() == null) {
            return null;
        }
        try {
            return new SipAddress(sipUri.getUser(), sipUri.getHost());
        } catch (ParleyException e) {
            return null;
        }
    }

    private static SipAddress target(URI requestUri) {
        SipAddress target = address(requestUri);
        if (target == null) {
            throw new ParleyException(ParleyError.NOT_FOUND, "Not Found");
        }
        return target;
    }
}
