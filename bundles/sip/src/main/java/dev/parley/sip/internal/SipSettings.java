package dev.parley.sip.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import dev.parley.api.server.ListeningPoint;

/**
 * {@link SipConfig} checked and normalised: domains split, trimmed, lower-cased and de-duplicated; ports in range.
 * Also builds the jain-sip stack properties measured in TOOLCHAIN.md.
 */
record SipSettings(List<String> domains, String bindAddress, String advertisedHost, int udpPort, int tcpPort, int wsPort, int workerThreads,
        int maxMessageSize, int udpMaxMessageSize, int udpQueueMaxDelayMillis, int udpResponseCacheMb, int retryAfterSeconds, int nonceLifetimeSeconds,
        String serverHeader) {

    /** UDP socket buffers: without them bursts get lost and retransmitted (p99 ~0.5 s measured). */
    static final String UDP_BUFFER_BYTES = "4194304";
    /** Smallest sensible stream message limit: a REGISTER with a few headers. */
    static final int MIN_MESSAGE_SIZE = 4096;
    /** The RI's own UDP buffer size, and what a UDP datagram can carry at most. */
    static final int MAX_DATAGRAM_SIZE = 65536;

    SipSettings {
        domains = List.copyOf(domains);
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("domains: at least one domain is needed");
        }
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bind.address must not be empty");
        }
        checkPort("udp.port", udpPort);
        checkPort("tcp.port", tcpPort);
        checkPort("ws.port", wsPort);
        if (udpPort <= 0 && tcpPort <= 0 && wsPort <= 0) {
            throw new IllegalArgumentException("at least one of udp.port, tcp.port, ws.port must be enabled");
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("worker.threads must be at least 1, got " + workerThreads);
        }
        if (maxMessageSize < MIN_MESSAGE_SIZE) {
            throw new IllegalArgumentException("max.message.size must be at least " + MIN_MESSAGE_SIZE);
        }
        if (udpMaxMessageSize < MIN_MESSAGE_SIZE || udpMaxMessageSize > MAX_DATAGRAM_SIZE) {
            throw new IllegalArgumentException("udp.max.message.size must be between " + MIN_MESSAGE_SIZE + " and "
                    + MAX_DATAGRAM_SIZE);
        }
        if (udpResponseCacheMb < 1 || udpResponseCacheMb > 1024) {
            throw new IllegalArgumentException("udp.response.cache.mb must be between 1 and 1024, got "
                    + udpResponseCacheMb);
        }
        if (retryAfterSeconds < 0 || nonceLifetimeSeconds < 1) {
            throw new IllegalArgumentException("unavailable.retry.after >= 0 and nonce.lifetime >= 1 required");
        }
    }

    static SipSettings from(SipConfig config) {
        String bindAddress = config.bind_address().trim();
        return new SipSettings(parseDomains(config.domains()), bindAddress,
                OutgoingRequests.advertisedHost(bindAddress, config.advertised_address()), config.udp_port(),
                config.tcp_port(), config.ws_port(), config.worker_threads(), config.max_message_size(),
                config.udp_max_message_size(), config.udp_queue_max_delay(), config.udp_response_cache_mb(),
                config.unavailable_retry_after(), config.nonce_lifetime(), config.server_header().trim());
    }

    static List<String> parseDomains(String commaSeparated) {
        Set<String> domains = new LinkedHashSet<>();
        for (String domain : commaSeparated.split(",")) {
            String trimmed = domain.trim().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty()) {
                domains.add(trimmed);
            }
        }
        return new ArrayList<>(domains);
    }

    private static void checkPort(String key, int port) {
        if (port > 65535) {
            throw new IllegalArgumentException(key + " out of range: " + port);
        }
    }

    boolean isLocalDomain(String host) {
        return domains.contains(host.toLowerCase(Locale.ROOT));
    }

    /** The listening points this configuration asks for, transports in lower case. */
    List<ListeningPoint> listeningPoints() {
        List<ListeningPoint> points = new ArrayList<>(3);
        if (udpPort > 0) {
            points.add(new ListeningPoint("udp", bindAddress, udpPort));
        }
        if (tcpPort > 0) {
            points.add(new ListeningPoint("tcp", bindAddress, tcpPort));
        }
        if (wsPort > 0) {
            points.add(new ListeningPoint("ws", bindAddress, wsPort));
        }
        return points;
    }

    /** True if a change from {@code previous} to this needs a new stack rather than a live rebind. */
    boolean needsNewStack(SipSettings previous) {
        return workerThreads != previous.workerThreads || maxMessageSize != previous.maxMessageSize
                || udpMaxMessageSize != previous.udpMaxMessageSize
                || udpQueueMaxDelayMillis != previous.udpQueueMaxDelayMillis
                || udpResponseCacheMb != previous.udpResponseCacheMb;
    }

    /** The jain-sip stack properties: each one measured to matter under load (TOOLCHAIN.md). */
    Properties stackProperties(String stackName) {
        Properties properties = new Properties();
        properties.setProperty("javax.sip.STACK_NAME", stackName);
        // Parley's handlers own their dialogs; the stack must not create any by itself
        properties.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        // WebSocket (RFC 7118) exists only in the NIO message processors
        properties.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY",
                "gov.nist.javax.sip.stack.NioMessageProcessorFactory");
        properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", Integer.toString(workerThreads));
        // handlers run on those worker threads; without it jain-sip funnels every request through one event thread
        properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        // drop a transaction's messages once it completes, keeping only the bytes of its last response for
        // retransmissions; "Normal" (what AGGRESSIVE_CLEANUP means) re-encodes the request at completion and parses
        // it again at Timer J, 32 s later, on the stack's single timer thread: a quarter of the CPU under load
        properties.setProperty("gov.nist.javax.sip.RELEASE_REFERENCES_STRATEGY", "Aggressive");
        properties.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", UDP_BUFFER_BYTES);
        properties.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", UDP_BUFFER_BYTES);
        properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(maxMessageSize));
        // the RI would rewrite every .invalid Contact and Via arriving over WebSocket to the peer's address (and any
        // Contact's port); Parley keeps them as sent and reaches the peer through its flow (FlowRouter)
        properties.setProperty("gov.nist.javax.sip.PATCH_SIP_WEBSOCKETS_HEADERS", "false");
        properties.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        properties.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        return properties;
    }
}
