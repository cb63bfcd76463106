package dev.parley.itests.support;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds loopback ports nobody listens on (checked by binding them briefly). */
public final class FreePorts {

    private static final int SEARCH_SPAN = 500;

    private FreePorts() {
    }

    /** The first port from {@code from} on that is free for both UDP and TCP. */
    public static int udpAndTcp(int from) {
        for (int port = from; port < from + SEARCH_SPAN; port++) {
            if (tcpFree(port) && udpFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free UDP+TCP port in " + from + ".." + (from + SEARCH_SPAN));
    }

    /** The first free TCP port from {@code from} on, other than {@code excluded}; any free port if {@code from} is 0. */
    public static int tcp(int from, int... excluded) {
        if (from == 0) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("No free TCP port", e);
            }
        }
        for (int port = from; port < from + SEARCH_SPAN; port++) {
            if (!contains(excluded, port) && tcpFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free TCP port in " + from + ".." + (from + SEARCH_SPAN));
    }

    private static boolean contains(int[] ports, int port) {
        for (int candidate : ports) {
            if (candidate == port) {
                return true;
            }
        }
        return false;
    }

    private static boolean tcpFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
