package dev.parley.media.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;

import dev.parley.media.internal.audio.G711;
import dev.parley.media.internal.rtp.RtpHeader;

/** The far end of a session in a test: a UDP socket that sends and receives RTP on loopback. */
final class RtpTestPeer implements AutoCloseable {

    private final DatagramSocket socket;
    private final long ssrc = 0x1234_5678L;
    private int sequence = 100;

    RtpTestPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    int port() {
        return socket.getLocalPort();
    }

    String offer(String formats, String... attributes) {
        return "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port()
                + " RTP/AVP " + formats + "\r\n" + String.join("", Arrays.stream(attributes).map(a -> a + "\r\n").toList());
    }

    void send(int localPort, int payloadType, long timestamp, byte[] payload) throws IOException {
        byte[] packet = new byte[12 + payload.length];
        RtpHeader.write(packet, payloadType, false, sequence++ & 0xFFFF, timestamp, ssrc);
        System.arraycopy(payload, 0, packet, 12, payload.length);
        socket.send(new DatagramPacket(packet, packet.length, InetAddress.getLoopbackAddress(), localPort));
    }

    /** A packet lost on the way: its sequence number is never seen. */
    void lose() {
        sequence++;
    }

    /** A 20 ms mu-law frame of a sine wave at {@code frequency}, starting at sample {@code first}. */
    static byte[] toneFrame(double frequency, long first) {
        byte[] frame = new byte[160];
        for (int i = 0; i < 160; i++) {
            double t = (first + i) / 8000.0;
            frame[i] = G711.encodeUlaw((short) (8000 * Math.sin(2 * Math.PI * frequency * t)));
        }
        return frame;
    }

    /** The next RTP packet received, or null after two seconds. */
    RtpHeader receive(byte[] into) throws IOException {
        return receiveWithin(into, 2000);
    }

    RtpHeader receiveWithin(byte[] into, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        DatagramPacket packet = new DatagramPacket(into, into.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        RtpHeader header = new RtpHeader();
        return header.parse(into, packet.getLength()) ? header : null;
    }

    @Override
    public void close() {
        socket.close();
    }
}
