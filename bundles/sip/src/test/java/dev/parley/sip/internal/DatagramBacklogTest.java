package dev.parley.sip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;

class DatagramBacklogTest {
    private final Counters counters = new Counters();

    @Test
    void aQueuedDatagramKeepsOnlyItsBytes() {
        DatagramBacklog backlog = new DatagramBacklog(500, counters);
        byte[] buffer = new byte[16384];
        byte[] message = "OPTIONS sip:a@b SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(message, 0, buffer, 0, message.length);
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length, new InetSocketAddress("127.0.0.1", 5070));
        packet.setLength(message.length);

        assertTrue(backlog.offer(new DatagramQueuedMessageDispatch(packet, 1_000)));

        DatagramPacket queued = backlog.poll().packet;
        assertSame(packet, queued);
        assertArrayEquals(message, queued.getData());
        assertEquals(0, queued.getOffset());
        assertEquals(message.length, queued.getLength());
        assertEquals(new InetSocketAddress("127.0.0.1", 5070), queued.getSocketAddress());
    }

    @Test
    void newDatagramsAreRefusedWhileTheOldestWaitedTooLong() {
        DatagramBacklog backlog = new DatagramBacklog(500, counters);
        assertTrue(backlog.offer(datagram(1_000)));
        assertTrue(backlog.offer(datagram(1_500)), "the oldest has waited exactly the limit");

        assertFalse(backlog.offer(datagram(1_501)));
        assertFalse(backlog.offer(datagram(1_700)));
        assertEquals(2, counters.get(Counters.DATAGRAMS_REFUSED));
        assertEquals(2, backlog.size());

        backlog.poll(); // a worker takes the oldest: the next one waited 200 ms only
        assertTrue(backlog.offer(datagram(1_700)));
        assertEquals(2, counters.get(Counters.DATAGRAMS_REFUSED));
    }

    @Test
    void withoutALimitNothingIsRefused() {
        DatagramBacklog backlog = new DatagramBacklog(0, counters);
        assertTrue(backlog.offer(datagram(0)));
        assertTrue(backlog.offer(datagram(3_600_000)));
        assertEquals(0, counters.get(Counters.DATAGRAMS_REFUSED));
    }

    private static DatagramQueuedMessageDispatch datagram(long receivedAt) {
        byte[] bytes = new byte[64];
        return new DatagramQueuedMessageDispatch(
                new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", 5070)), receivedAt);
    }
}
