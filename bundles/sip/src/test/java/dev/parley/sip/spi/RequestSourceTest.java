package dev.parley.sip.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class RequestSourceTest {

    @Test
    void parsesABindingsSourceBackToWhatHostPortWrites() {
        RequestSource v4 = RequestSource.parse("WS", "127.0.0.1:40123");
        assertEquals(new RequestSource("ws", "127.0.0.1", 40123), v4);
        assertEquals("127.0.0.1:40123", v4.hostPort());

        RequestSource v6 = RequestSource.parse("udp", "[2001:db8::1]:5060");
        assertEquals(new RequestSource("udp", "2001:db8::1", 5060), v6);
        assertEquals("[2001:db8::1]:5060", v6.hostPort());
    }

    @Test
    void refusesWhatIsNotHostAndPort() {
        for (String bad : new String[] { "127.0.0.1", "127.0.0.1:", ":5060", "host:x", "host:0", "host:70000" }) {
            assertThrows(IllegalArgumentException.class, () -> RequestSource.parse("udp", bad), bad);
        }
    }

    @Test
    void aDialogKeepsItsFlowAcrossATargetRefresh() {
        RequestSource flow = new RequestSource("ws", "127.0.0.1", 40123);
        DialogState dialog = new DialogState("c", "<sip:a@x>", "l", "<sip:b@x>", "r", "sip:b@old.invalid",
                List.of(), "ws", flow);

        assertEquals(flow, dialog.withRemoteTarget("sip:b@new.invalid").flow());
        assertNull(new DialogState("c", "<sip:a@x>", "l", "<sip:b@x>", "r", "sip:b@x", List.of(),
                "udp").flow());
    }
}
