package dev.parley.media.internal.rtp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

/**
 * Binds RTP/RTCP socket pairs (even port for RTP, the next for RTCP, RFC 3550 section 11) in a configured range,
 * round robin so that a port just released is not reused at once (late packets of the old call would land in the
 * new one). Ports taken by anyone else are skipped.
 */
public final class PortAllocator {

    /** A bound RTP socket and its RTCP neighbour, both non-blocking. */
    public record PortPair(DatagramChannel rtp, DatagramChannel rtcp, int port) {
        public void close() {
            try (rtp; rtcp) {
                // closing both even if one fails
            } catch (IOException e) {
                // closing a datagram channel does not fail in practice; nothing to do about it
            }
        }
    }

    private final InetAddress bindAddress;
    private final int min;
    private final int max;
    private int next;

    /** {@code min} is rounded up and {@code max} down to even ports; the range must hold at least one pair. */
    public PortAllocator(InetAddress bindAddress, int min, int max) {
        int first = (min + 1) & ~1;
        int last = max & ~1;
        if (first < 1024 || last + 1 > 65535 || first > last) {
            throw new IllegalArgumentException("RTP port range " + min + "-" + max + " holds no even port pair");
        }
        this.bindAddress = bindAddress;
        this.min = first;
        this.max = last;
        this.next = first;
    }

    /** @throws ParleyException {@code LIMIT_EXCEEDED} when every pair of the range is in use */
    public synchronized PortPair allocate() {
        int pairs = (max - min) / 2 + 1;
        for (int i = 0; i < pairs; i++) {
            int port = next;
            next = port + 2 > max ? min : port + 2;
            PortPair pair = tryBind(port);
            if (pair != null) {
                return pair;
            }
        }
        throw new ParleyException(ParleyError.LIMIT_EXCEEDED, "No free RTP port in " + min + "-" + (max + 1));
    }

    private PortPair tryBind(int port) {
        DatagramChannel rtp = null;
        try {
            rtp = bound(port);
            DatagramChannel rtcp = bound(port + 1);
            return new PortPair(rtp, rtcp, port);
        } catch (BindException e) {
            closeQuietly(rtp);
            return null;
        } catch (IOException e) {
            closeQuietly(rtp);
            throw new ParleyException(ParleyError.INTERNAL, "Cannot open an RTP socket", e);
        }
    }

    private DatagramChannel bound(int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(bindAddress, port));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing bound to release
            }
        }
    }
}
