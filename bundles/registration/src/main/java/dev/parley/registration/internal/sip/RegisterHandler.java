package dev.parley.registration.internal.sip;

import java.text.ParseException;
import java.util.Calendar;
import java.util.Date;
import java.util.GregorianCalendar;
import java.util.TimeZone;
import java.util.Optional;

import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.ContactHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

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
import dev.parley.api.registration.Binding;
import dev.parley.api.server.ServerInfo;
import dev.parley.registration.internal.ContactRequest;
import dev.parley.registration.internal.IntervalTooBriefException;
import dev.parley.registration.internal.RegisterRequest;
import dev.parley.registration.internal.RegisterResult;
import dev.parley.registration.internal.Registrar;
import dev.parley.registration.internal.RegistrationConfig;
import dev.parley.sip.spi.DigestAuthenticator;
import dev.parley.sip.spi.SipCore;
import dev.parley.sip.spi.SipMethod;
import dev.parley.sip.spi.SipRequestHandler;

/**
 * REGISTER, RFC 3261 section 10.3: domain check, digest authentication, authorization, then the registrar applies
 * the contacts and the 200 lists every binding of the address of record. Challenges go out statelessly (they create
 * no state and are cheap to recompute on a retransmission); every other answer goes through a server transaction.
 */
@Component(configurationPid = RegistrationConfig.PID, property = { // extensions a Require header may name
        SipRequestHandler.SUPPORTED_PROPERTY + "=path", SipRequestHandler.SUPPORTED_PROPERTY + "=outbound" })
@SipMethod("REGISTER")
public final class RegisterHandler implements SipRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterHandler.class);
    private static final String FORBIDDEN = "Forbidden";

    private final SipCore sip;
    private final DigestAuthenticator authenticator;
    private final ServerInfo server;
    private final Registrar registrar;
    private volatile boolean revealUnknownUsers;

    @Activate
    public RegisterHandler(@Reference SipCore sip, @Reference DigestAuthenticator authenticator,
            @Reference ServerInfo server, @Reference Registrar registrar, RegistrationConfig config) {
        this.sip = sip;
        this.authenticator = authenticator;
        this.server = server;
        this.registrar = registrar;
        this.revealUnknownUsers = config.reveal_unknown_users();
    }

    @Modified
    void modified(RegistrationConfig config) {
        this.revealUnknownUsers = config.reveal_unknown_users();
    }

    @Override
    public void handle(RequestEvent event) throws ParseException, InvalidArgumentException {
        Request request = event.getRequest();
        try {
            process(event, request);
        } catch (ParleyException e) {
            LOG.debug("REGISTER refused: {} {}", e.error().sipStatus(), e.getMessage());
            reject(event, request, e);
        }
    }

    private void process(RequestEvent event, Request request) throws ParseException, InvalidArgumentException {
        if (!(request.getRequestURI() instanceof SipURI target) || !server.isLocalDomain(target.getHost())) {
            throw domainNotServed();
        }
        SipAddress aor = addressOfRecord(request);
        MDC.put("aor", aor.uri());
        if (!authenticate(event, aor)) {
            return;
        }
        RegisterRequest parsed = RegisterRequestParser.parse(request, aor, sip.source(event));
        RegisterResult result = registrar.register(parsed);
        LOG.debug("REGISTER of {} from {}: {} bindings", aor, parsed.source(), result.bindings().size());
        sip.respond(event, ok(request, parsed, result));
    }

    /** The To URI as an address of record of a local domain (RFC 3261 section 10.3 step 5). */
    private SipAddress addressOfRecord(Request request) {
        URI to = ((ToHeader) request.getHeader(ToHeader.NAME)).getAddress().getURI();
        if (!(to instanceof SipURI uri)) {
            throw new ParleyException(ParleyError.INVALID_ADDRESS, "To must be a SIP URI");
        }
        if (uri.getUser() == null || uri.getUser().isEmpty()) {
            throw new ParleyException(ParleyError.INVALID_ADDRESS, "To has no user part");
        }
        if (!server.isLocalDomain(uri.getHost())) {
            throw domainNotServed();
        }
        try {
            return new SipAddress(uri.getUser(), uri.getHost());
        } catch (ParleyException e) {
            throw new ParleyException(ParleyError.INVALID_ADDRESS, "Invalid address of record");
        }
    }

    /**
     * Digest authentication in the realm of the address of record, then authorization: only the account itself may
     * register it. False when a challenge was sent and processing ends here.
     */
    private boolean authenticate(RequestEvent event, SipAddress aor) {
        Optional<SipAddress> user = authenticator.authenticateOrChallenge(sip, event, aor.domain(), false,
                revealUnknownUsers);
        if (user.isPresent() && !aor.equals(user.get())) {
            LOG.info("{} tried to register {}", user.get(), aor);
            throw new ParleyException(ParleyError.FORBIDDEN, "Not allowed to register this address");
        }
        return user.isPresent();
    }

    /** 200 OK with every current binding, its remaining expiry and q, plus Date (RFC 3261 section 10.3 step 8). */
    private Response ok(Request request, RegisterRequest parsed, RegisterResult result)
            throws ParseException, InvalidArgumentException {
        Response response = sip.createResponse(Response.OK, request);
        HeaderFactory headers = sip.headerFactory();
        AddressFactory addresses = sip.addressFactory();
        for (Binding binding : result.bindings()) {
            ContactHeader contact = headers.createContactHeader(
                    addresses.createAddress(addresses.createURI(binding.contact())));
            contact.setExpires((int) Math.min(binding.expiresIn(result.now()), Integer.MAX_VALUE));
            contact.setQValue(binding.q());
            if (binding.instanceId() != null) {
                contact.setParameter(RegisterRequestParser.INSTANCE_PARAM, '"' + binding.instanceId() + '"');
            }
            if (binding.regId() > 0) {
                contact.setParameter(RegisterRequestParser.REG_ID_PARAM, Integer.toString(binding.regId()));
            }
            response.addHeader(contact);
        }
        Calendar date = new GregorianCalendar(TimeZone.getTimeZone("GMT"));
        date.setTime(Date.from(result.now()));
        response.addHeader(headers.createDateHeader(date));
        for (String path : parsed.path()) {
            response.addHeader(headers.createHeader(RegisterRequestParser.PATH, path));
        }
        if (RegisterRequestParser.supports(request, "outbound")
                && parsed.contacts().stream().anyMatch(ContactRequest::hasOutboundFlow)) {
            // RFC 5626 section 6: tell the client its flow is kept (the registrar stored instance and reg-id)
            response.addHeader(headers.createRequireHeader("outbound"));
        }
        return response;
    }

    private void reject(RequestEvent event, Request request, ParleyException failure)
            throws ParseException, InvalidArgumentException {
        Response response = sip.createResponse(failure.error().sipStatus(), failure.getMessage(), request);
        if (failure instanceof IntervalTooBriefException tooBrief) {
            response.addHeader(sip.headerFactory().createMinExpiresHeader(tooBrief.minExpires()));
        }
        sip.respond(event, response);
    }

    private static ParleyException domainNotServed() {
        return new ParleyException(ParleyError.NOT_FOUND, "Domain not served");
    }
}
