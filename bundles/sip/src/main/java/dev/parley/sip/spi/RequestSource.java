package dev.parley.sip.spi;

import java.util.Locale;

/**
 * Where a request really came from: the transport it arrived on (lower case: {@code udp}, {@code tcp}, {@code tls},
 * {@code ws}, {@code wss}) and the packet's source address and port (what RFC 3581 received/rport record), which may
 * differ from the Via when the client is behind NAT. As a {@link DialogState#flow()}, where requests to that peer go.
 */
public record RequestSource(String transport, String host, int port) {

    /**
     * The source of a binding: its transport and its {@code host:port} ({@code [v6]:port} for IPv6), as
     * {@link #hostPort()} writes it.
     *
     * @throws IllegalArgumentException when {@code hostPort} has no port or an invalid one
     */
    public static RequestSource parse(String transport, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("not host:port: " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not host:port: " + hostPort, e);
        }
        if (port < 1 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException("not host:port: " + hostPort);
        }
        return new RequestSource(transport.toLowerCase(Locale.ROOT), host, port);
    }

    /** {@code host:port}, with brackets around an IPv6 host. */
    public String hostPort() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
