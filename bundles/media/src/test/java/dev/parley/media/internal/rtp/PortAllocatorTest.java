package dev.parley.media.internal.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

class PortAllocatorTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** A free even port with its odd neighbour free too, found by the OS. */
    private static int freeEvenPort() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (DatagramSocket probe = new DatagramSocket(0, LOOPBACK)) {
                int port = probe.getLocalPort() & ~1;
                if (port >= 1024 && port + 7 < 65535) {
                    return port;
                }
            }
        }
        throw new IllegalStateException("no port");
    }

    @Test
    void allocatesEvenPairsRoundRobinAndThenRunsOut() throws Exception {
        int base = freeEvenPort();
        PortAllocator allocator = new PortAllocator(LOOPBACK, base, base + 3);
        PortAllocator.PortPair first = allocator.allocate();
        PortAllocator.PortPair second = allocator.allocate();
        assertEquals(base, first.port());
        assertEquals(base + 1, ((InetSocketAddress) first.rtcp().getLocalAddress()).getPort());
        assertEquals(base + 2, second.port());
        ParleyException full = assertThrows(ParleyException.class, allocator::allocate);
        assertEquals(ParleyError.LIMIT_EXCEEDED, full.error());
        first.close();
        assertEquals(base, allocator.allocate().port(), "a released pair is found again");
        second.close();
    }

    @Test
    void skipsPortsSomeoneElseHolds() throws Exception {
        int base = freeEvenPort();
        try (DatagramSocket squatter = new DatagramSocket(new InetSocketAddress(LOOPBACK, base + 1))) {
            PortAllocator allocator = new PortAllocator(LOOPBACK, base, base + 5);
            PortAllocator.PortPair pair = allocator.allocate();
            assertNotEquals(base, pair.port());
            assertEquals(base + 2, pair.port());
            pair.close();
        }
    }

    @Test
    void roundsTheRangeToEvenPorts() {
        assertThrows(IllegalArgumentException.class, () -> new PortAllocator(LOOPBACK, 20001, 20001));
        assertThrows(IllegalArgumentException.class, () -> new PortAllocator(LOOPBACK, 100, 200));
    }
}
