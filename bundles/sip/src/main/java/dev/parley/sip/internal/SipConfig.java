package dev.parley.sip.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of Parley's SIP stack (PID {@value #PID}). Ports, bind address and domains are applied live; the
 * stack tuning (threads, message size) takes effect when the stack is next created.
 */
@ObjectClassDefinition(name = "Parley SIP server", description = "The SIP stack: domains, transports, digest auth")
public @interface SipConfig {
    String PID = "dev.parley.sip";

    @AttributeDefinition(name = "Domains", description = "Comma-separated domains Parley serves; the first is the default")
    String domains() default "localhost";

    @AttributeDefinition(name = "Bind address", description = "IP address the listening points bind to")
    String bind_address() default "0.0.0.0";

    @AttributeDefinition(name = "Advertised address", description = "Host put in the Via and Contact of what Parley "
            + "sends itself; empty: the bind address, or for 0.0.0.0 the host's first non-loopback IPv4 address")
    String advertised_address() default "";

    @AttributeDefinition(name = "UDP port", description = "0 or less disables UDP")
    int udp_port() default 5060;

    @AttributeDefinition(name = "TCP port", description = "0 or less disables TCP")
    int tcp_port() default 5060;

    @AttributeDefinition(name = "WebSocket port", description = "SIP over WebSocket (RFC 7118); 0 or less disables it")
    int ws_port() default 5066;

    @AttributeDefinition(name = "Worker threads", description = "jain-sip THREAD_POOL_SIZE; handlers run on these")
    int worker_threads() default 8;

    @AttributeDefinition(name = "Max message size", description = "Bytes, stream transports (WebRTC SDP exceeds 8 KB)")
    int max_message_size() default 65536;

    @AttributeDefinition(name = "Max UDP message size", description = "Bytes: the receive buffer allocated for each "
            + "UDP datagram; longer datagrams are cut and refused. SIP over UDP should stay under 1,300 bytes "
            + "(RFC 3261 section 18.1.1); large buffers cost memory and GC time under load")
    int udp_max_message_size() default 16384;

    @AttributeDefinition(name = "Max UDP queueing delay", description = "Milliseconds: while the oldest received "
            + "datagram has waited longer than this for a worker, new datagrams are refused (overload; UDP clients "
            + "retransmit after T1 = 500 ms anyway). 0 or less queues without limit")
    int udp_queue_max_delay() default 500;

    @AttributeDefinition(name = "UDP response cache", description = "MiB remembering the final responses of non-INVITE "
            + "requests over UDP, to answer retransmissions for 32 s (RFC 3261 Timer J) without a transaction object "
            + "each; 64 MiB covers the full 32 s up to about 2,800 requests/s, older entries go first beyond that")
    int udp_response_cache_mb() default 64;

    @AttributeDefinition(name = "Retry-After", description = "Seconds in the 503 sent when no service handles a method")
    int unavailable_retry_after() default 30;

    @AttributeDefinition(name = "Nonce lifetime", description = "Seconds a digest nonce stays valid before stale=true")
    int nonce_lifetime() default 60;

    @AttributeDefinition(name = "Digest algorithms", description = "Offered in this order, each in its own challenge "
            + "(MD5, SHA-256). Many deployed clients read only the first challenge and know only MD5: put SHA-256 "
            + "first only where every client supports RFC 8760")
    String digest_algorithms() default "MD5,SHA-256";

    @AttributeDefinition(name = "Server header", description = "Value of the Server header in responses")
    String server_header() default "Parley";
}
