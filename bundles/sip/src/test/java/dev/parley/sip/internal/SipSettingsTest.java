package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import dev.parley.api.server.ListeningPoint;

class SipSettingsTest {

    @Test
    void defaultsMatchTheDocumentedConfiguration() {
        SipSettings settings = SipSettings.from(TestConfigs.defaults());
        assertEquals(List.of("localhost"), settings.domains());
        assertEquals(List.of(new ListeningPoint("udp", "0.0.0.0", 5060), new ListeningPoint("tcp", "0.0.0.0", 5060),
                new ListeningPoint("ws", "0.0.0.0", 5066)), settings.listeningPoints());
        assertEquals(65536, settings.maxMessageSize());
        assertEquals(16384, settings.udpMaxMessageSize());
        assertEquals(500, settings.udpQueueMaxDelayMillis());
        assertEquals(30, settings.retryAfterSeconds());
        assertEquals(60, settings.nonceLifetimeSeconds());
        assertEquals("Parley", settings.serverHeader());
    }

    @Test
    void domainsAreTrimmedLowerCasedAndDeduplicatedKeepingTheFirstAsDefault() {
        SipSettings settings = SipSettings
                .from(TestConfigs.config(Map.of("domains", " Example.ORG, b.example ,,example.org")));
        assertEquals(List.of("example.org", "b.example"), settings.domains());
        assertTrue(settings.isLocalDomain("EXAMPLE.org"));
        assertFalse(settings.isLocalDomain("c.example"));
    }

    @Test
    void aPortOfZeroOrLessDisablesThatTransport() {
        SipSettings settings = SipSettings
                .from(TestConfigs.config(Map.of("udp.port", 0, "ws.port", -1, "bind.address", "127.0.0.1")));
        assertEquals(List.of(new ListeningPoint("tcp", "127.0.0.1", 5060)), settings.listeningPoints());
    }

    @Test
    void refusesConfigurationsThatCannotRun() {
        assertThrows(IllegalArgumentException.class,
                () -> SipSettings.from(TestConfigs.config(Map.of("domains", " , "))));
        assertThrows(IllegalArgumentException.class,
                () -> SipSettings.from(TestConfigs.config(Map.of("udp.port", 0, "tcp.port", 0, "ws.port", 0))));
        assertThrows(IllegalArgumentException.class,
                () -> SipSettings.from(TestConfigs.config(Map.of("tcp.port", 70000))));
        assertThrows(IllegalArgumentException.class,
                () -> SipSettings.from(TestConfigs.config(Map.of("worker.threads", 0))));
        assertThrows(IllegalArgumentException.class,
                () -> SipSettings.from(TestConfigs.config(Map.of("max.message.size", 100))));
        assertThrows(IllegalArgumentException.class,
                () -> SipSettings.from(TestConfigs.config(Map.of("udp.max.message.size", 100))));
        assertThrows(IllegalArgumentException.class,
                () -> SipSettings.from(TestConfigs.config(Map.of("udp.max.message.size", 70000))));
    }

    @Test
    void stackPropertiesCarryTheMeasuredTuning() {
        Properties properties = SipSettings.from(TestConfigs.config(Map.of("worker.threads", 4)))
                .stackProperties("parley-test");
        assertEquals("parley-test", properties.getProperty("javax.sip.STACK_NAME"));
        assertEquals("off", properties.getProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT"));
        assertEquals("4", properties.getProperty("gov.nist.javax.sip.THREAD_POOL_SIZE"));
        assertEquals("true", properties.getProperty("gov.nist.javax.sip.REENTRANT_LISTENER"));
        assertEquals("Aggressive", properties.getProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY"));
        assertEquals("4194304", properties.getProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE"));
        assertEquals("4194304", properties.getProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE"));
        assertEquals("65536", properties.getProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE"));
        assertEquals("false", properties.getProperty("gov.nist.javax.sip.PATCH_SIP_WEBSOCKETS_HEADERS"));
        assertEquals("0", properties.getProperty("gov.nist.javax.sip.TRACE_LEVEL"));
    }

    @Test
    void onlyThreadsAndMessageSizeNeedANewStack() {
        SipSettings base = SipSettings.from(TestConfigs.defaults());
        assertFalse(SipSettings.from(TestConfigs.config(Map.of("udp.port", 5070, "domains", "x.org")))
                .needsNewStack(base));
        assertTrue(SipSettings.from(TestConfigs.config(Map.of("worker.threads", 2))).needsNewStack(base));
        assertTrue(SipSettings.from(TestConfigs.config(Map.of("udp.max.message.size", 8192))).needsNewStack(base));
    }
}
