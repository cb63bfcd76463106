package dev.parley.api.server;

/** One socket Parley's SIP stack listens on, e.g. {@code udp 0.0.0.0:5060}. */
public record ListeningPoint(String transport, String host, int port) {

    @Override
    public String toString() {
        return transport + " " + host + ":" + port;
    }
}
