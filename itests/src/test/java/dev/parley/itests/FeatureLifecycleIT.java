package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;

import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Response;

import org.junit.Test;

import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipTestClient;

/**
 * Capabilities come and go with their features in a running server: without parley-registration the SIP core
 * answers REGISTER with 503 and Retry-After at once; installed again, the registrar works as before and the
 * bindings made before the uninstall are still there (they live in the store, not in the bundle).
 */
public class FeatureLifecycleIT extends ParleyKarafTestSupport {

    private static final String REGISTRATION_FEATURE = "parley-registration";
    private static final String REGISTER_HANDLER = "(parley.sip.method=REGISTER)";
    private static final String HANDLER = "dev.parley.sip.spi.SipRequestHandler";
    /** Far below jain-sip's 32 s transaction timeout: an answer, not a timeout. */
    private static final Duration PROMPT = Duration.ofSeconds(3);
    private static final String USER = "lifecycle";
    private static final String PASSWORD = "lifecycle-secret";

    @Test
    public void registerIsRefusedWithout503AndChallengedAgainAfterReinstall() throws Exception {
        waitForServiceReference("dev.parley.sip.spi.SipCore", DEFAULT_TIMEOUT);
        waitForServiceReference(HANDLER, REGISTER_HANDLER, DEFAULT_TIMEOUT);
        assertEquals("REGISTER with the registrar installed", Response.UNAUTHORIZED, register().getStatusCode());
        executeCommand("parley:account-add " + USER + "@" + DOMAIN + " " + PASSWORD);
        assertEquals("authenticated REGISTER before the uninstall", Response.OK, authenticatedRegister());

        uninstallFeature(REGISTRATION_FEATURE);
        try {
            assertFalse("registration bundle still installed", Arrays.stream(bundleContext.getBundles())
                    .anyMatch(b -> "dev.parley.registration".equals(b.getSymbolicName())));
            Response refused = register();
            assertEquals("REGISTER without the registrar", Response.SERVICE_UNAVAILABLE, refused.getStatusCode());
            assertNotNull("503 carries Retry-After", refused.getHeader(RetryAfterHeader.NAME));
        } finally {
            installFeature(REGISTRATION_FEATURE);
        }

        waitForServiceReference(HANDLER, REGISTER_HANDLER, DEFAULT_TIMEOUT);
        assertEquals("REGISTER after reinstalling", Response.UNAUTHORIZED, register().getStatusCode());
        assertTrue(featuresService.isInstalled(featuresService.getFeature(REGISTRATION_FEATURE)));
        waitForCommand("parley", "registrations", DEFAULT_TIMEOUT);
        assertTrue("the binding made before the uninstall is listed again",
                executeCommand("parley:registrations " + USER + "@" + DOMAIN).contains(USER + "@" + HOST));
        assertEquals("authenticated REGISTER after reinstalling", Response.OK, authenticatedRegister());
    }

    private int authenticatedRegister() throws Exception {
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            return client.register(USER, DOMAIN, PASSWORD, 600, "SHA-256", PROMPT).getStatusCode();
        }
    }

    /** An unauthenticated REGISTER over UDP; fails the test unless a final response comes within {@link #PROMPT}. */
    private Response register() throws Exception {
        try (SipTestClient client = new SipTestClient("udp", sipPort())) {
            return client.send(client.createRegister("lifecycle", DOMAIN, 600), PROMPT);
        }
    }
}
