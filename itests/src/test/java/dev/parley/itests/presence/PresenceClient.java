package dev.parley.itests.presence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sip.RequestEvent;
import javax.sip.SipProvider;
import javax.sip.header.HeaderFactory;
import javax.sip.header.SIPETagHeader;
import javax.sip.header.SubscriptionStateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipTestClient;

/**
 * A presence user agent on a {@link SipTestClient}: PUBLISH and SUBSCRIBE with digest authentication, and NOTIFYs
 * received and answered 200 (statelessly, through the provider they arrived on).
 */
final class PresenceClient implements AutoCloseable {

    static final Duration SIP_TIMEOUT = Duration.ofSeconds(5);
    static final String PIDF_TYPE = "pidf+xml";

    private final SipTestClient client;
    private final String user;
    private final String password;

    PresenceClient(String user, String password, int serverPort) throws Exception {
        this.client = new SipTestClient("udp", serverPort);
        this.user = user;
        this.password = password;
    }

    HeaderFactory headers() {
        return client.headerFactory();
    }

    String aor() {
        return "sip:" + user + "@" + ParleyKarafTestSupport.DOMAIN;
    }

    /** A PUBLISH of this user's presence; {@code ifMatch} and {@code pidf} may be null. */
    Request publish(int expires, String ifMatch, String pidf) throws Exception {
        return publish(aor(), expires, ifMatch, pidf);
    }

    /** A PUBLISH of {@code presentity}'s presence, sent as this user. */
    Request publish(String presentity, int expires, String ifMatch, String pidf) throws Exception {
        HeaderFactory headers = client.headerFactory();
        Request request = client.createRequest(Request.PUBLISH, presentity, aor(), presentity);
        request.addHeader(headers.createEventHeader("presence"));
        request.addHeader(headers.createExpiresHeader(expires));
        if (ifMatch != null) {
            request.addHeader(headers.createSIPIfMatchHeader(ifMatch));
        }
        if (pidf != null) {
            request.setContent(pidf.getBytes(StandardCharsets.UTF_8),
                    headers.createContentTypeHeader("application", PIDF_TYPE));
        }
        return request;
    }

    /** A SUBSCRIBE of this user to {@code resource}'s presence. */
    Request subscribe(String resource, int expires) throws Exception {
        return subscribe(resource, expires, "presence", PIDF_TYPE);
    }

    /** A SUBSCRIBE of this user to {@code resource}'s {@code eventPackage}, accepting {@code application/<type>}. */
    Request subscribe(String resource, int expires, String eventPackage, String type) throws Exception {
        HeaderFactory headers = client.headerFactory();
        Request request = client.createRequest(Request.SUBSCRIBE, resource, aor(), resource);
        request.addHeader(headers.createEventHeader(eventPackage));
        request.addHeader(headers.createExpiresHeader(expires));
        request.addHeader(headers.createAcceptHeader("application", type));
        return request;
    }

    /** Sends {@code request}, answering a digest challenge with this user's credentials; the final response. */
    Response send(Request request) throws Exception {
        Response response = client.send(request, SIP_TIMEOUT);
        if (response.getStatusCode() == Response.UNAUTHORIZED
                || response.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED) {
            response = client.send(client.authorize(request, response, user, password, "MD5"), SIP_TIMEOUT);
        }
        return response;
    }

    /**
     * The next NOTIFY whose body contains every one of {@code expected} (earlier NOTIFYs are answered and skipped);
     * fails after {@code timeout}.
     */
    Request awaitNotify(Duration timeout, String... expected) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            RequestEvent event = client.nextReceivedRequest(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (event == null) {
                break;
            }
            Request request = event.getRequest();
            ((SipProvider) event.getSource()).sendResponse(client.messageFactory().createResponse(Response.OK, request));
            if (!Request.NOTIFY.equals(request.getMethod())) {
                continue;
            }
            String body = body(request);
            seen.append("\n--- NOTIFY (").append(request.getHeader(SubscriptionStateHeader.NAME)).append(")\n")
                    .append(body);
            boolean all = true;
            for (String text : expected) {
                all &= body.contains(text);
            }
            if (all) {
                return request;
            }
        }
        throw new AssertionError("No NOTIFY containing " + String.join(", ", expected) + " within " + timeout
                + "; received:" + seen);
    }

    /**
     * Waits until each of {@code expected} has been in the body of some NOTIFY, in any order (NOTIFYs of several
     * subscriptions race); fails after {@code timeout}.
     */
    void awaitEach(Duration timeout, String... expected) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> missing = new ArrayList<>(List.of(expected));
        while (!missing.isEmpty()) {
            Request notify = awaitNotify(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            missing.removeIf(body(notify)::contains);
        }
    }

    static String body(Request request) {
        byte[] raw = request.getRawContent();
        return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    }

    static String etag(Response response) {
        SIPETagHeader etag = (SIPETagHeader) response.getHeader(SIPETagHeader.NAME);
        if (etag == null) {
            throw new AssertionError("No SIP-ETag in\n" + response);
        }
        return etag.getETag();
    }

    /** A PIDF document with one tuple, and an RPID activity and note when given. */
    static String pidf(String aor, String basic, String activity, String note) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\""
                + " xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\" entity=\"" + aor + "\">\n"
                + "  <tuple id=\"itest\"><status><basic>" + basic + "</basic></status></tuple>\n"
                + (activity == null && note == null ? ""
                        : "  <dm:person id=\"p\">"
                                + (activity == null ? "" : "<rpid:activities><rpid:" + activity + "/></rpid:activities>")
                                + (note == null ? "" : "<dm:note>" + note + "</dm:note>") + "</dm:person>\n")
                + "</presence>\n";
    }

    @Override
    public void close() {
        client.close();
    }
}
