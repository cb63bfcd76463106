package dev.parley.sip.spi;

/**
 * Where a request really came from: the transport it arrived on (lower case: {@code udp}, {@code tcp}, {@code tls},
 * {@code ws}, {@code wss}) and the packet's source address and port (what RFC 3581 received/rport record), which may
 * differ from the Via when the client is behind NAT.
 */
public record RequestSource(String transport, String host, int port) {

    /** {@code host:port}, with brackets around an IPv6 host. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
