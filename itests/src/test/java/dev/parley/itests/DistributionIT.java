package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import javax.sip.message.Response;

import org.junit.Test;
import org.osgi.framework.Bundle;

import dev.parley.itests.support.FreePorts;
import dev.parley.itests.support.ParleyKarafTestSupport;
import dev.parley.itests.support.SipTestClient;
import dev.parley.itests.support.SipWebSocketClient;

/** The distribution as shipped: every Parley bundle and service up, OPTIONS answered on every transport. */
public class DistributionIT extends ParleyKarafTestSupport {

    private static final Duration SIP_TIMEOUT = Duration.ofSeconds(5);
    private static final List<String> PARLEY_BUNDLES = List.of("dev.parley.api", "dev.parley.sip",
            "dev.parley.store", "dev.parley.accounts", "dev.parley.registration", "dev.parley.shell");

    @Test
    public void everyParleyBundleIsActive() throws Exception {
        waitForServiceReference("dev.parley.api.server.ServerInfo", DEFAULT_TIMEOUT);
        List<String> notActive = Arrays.stream(bundleContext.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("dev.parley."))
                .filter(b -> b.getState() != Bundle.ACTIVE)
                .map(b -> b.getSymbolicName() + " state " + b.getState())
                .collect(Collectors.toList());
        assertEquals("bundles not ACTIVE", List.of(), notActive);
        for (String symbolicName : PARLEY_BUNDLES) {
            assertEquals(symbolicName, Bundle.ACTIVE, bundle(symbolicName).getState());
        }
    }

    @Test
    public void parleyServicesAreRegistered() throws Exception {
        for (String service : List.of("dev.parley.api.account.AccountService",
                "dev.parley.api.registration.RegistrationService", "dev.parley.api.registration.LocationService",
                "dev.parley.api.server.ServerInfo", "dev.parley.sip.spi.SipCore")) {
            assertNotNull(service, waitForServiceReference(service, DEFAULT_TIMEOUT));
        }
    }

    @Test
    public void optionsIsAnsweredOverUdp() throws Exception {
        assertOptionsAnswered("udp", sipPort());
    }

    @Test
    public void optionsIsAnsweredOverTcp() throws Exception {
        assertOptionsAnswered("tcp", sipPort());
    }

    @Test
    public void optionsIsAnsweredOverWebSocket() throws Exception {
        waitForServiceReference("dev.parley.sip.spi.SipCore", DEFAULT_TIMEOUT);
        try (SipWebSocketClient client = SipWebSocketClient.connect(wsPort(), SIP_TIMEOUT)) {
            assertEquals("sip", client.subprotocol());
            client.send(SipWebSocketClient.options(DOMAIN), SIP_TIMEOUT);
            String response = client.receive(SIP_TIMEOUT);
            assertNotNull("no response to OPTIONS over WebSocket", response);
            assertTrue(response, response.startsWith("SIP/2.0 200 "));
            assertTrue(response, response.contains("CSeq: 1 OPTIONS"));
        }
    }

    @Test
    public void changingTheUdpPortRebindsLive() throws Exception {
        waitForServiceReference("dev.parley.sip.spi.SipCore", DEFAULT_TIMEOUT);
        int oldPort = sipPort();
        int newPort = FreePorts.udpAndTcp(oldPort + 100);
        executeCommand("config:property-set -p dev.parley.sip udp.port " + newPort);
        try {
            assertOptionsAnswered("udp", newPort);
            try (SipTestClient client = new SipTestClient("udp", oldPort)) {
                AssertionError silence = null;
                try {
                    client.send(client.createOptions(DOMAIN), Duration.ofSeconds(2));
                } catch (AssertionError expected) {
                    silence = expected;
                }
                assertNotNull("the old UDP port " + oldPort + " still answers", silence);
            }
            // TCP keeps its own port
            assertOptionsAnswered("tcp", oldPort);
        } finally {
            executeCommand("config:property-set -p dev.parley.sip udp.port " + oldPort);
        }
        assertOptionsAnswered("udp", oldPort);
    }

    /** OPTIONS is answered 200 within a few seconds (the stack may still be rebinding after a change). */
    private void assertOptionsAnswered(String transport, int port) throws Exception {
        waitForServiceReference("dev.parley.sip.spi.SipCore", DEFAULT_TIMEOUT);
        try (SipTestClient client = new SipTestClient(transport, port)) {
            Response response = client.send(client.createOptions(DOMAIN), SIP_TIMEOUT);
            assertEquals("OPTIONS over " + transport + " to port " + port, 200, response.getStatusCode());
        }
    }
}
