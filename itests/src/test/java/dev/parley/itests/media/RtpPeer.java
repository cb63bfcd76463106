package dev.parley.itests.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The caller's side of the media in a test: a UDP socket on loopback that offers SDP, sends RTP (a PCMU tone,
 * RFC 4733 events) to the address and port of Parley's answer, and receives what Parley sends.
 */
public final class RtpPeer implements AutoCloseable {

    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP4 (\\S+)\\s*$");
    private static final Pattern AUDIO = Pattern.compile("(?m)^m=audio (\\d+) RTP/AVP ([\\d ]+?)\\s*$");

    private final DatagramSocket socket;
    private final long ssrc = 0x5EED_0001L;
    private int sequence = 1;
    private InetSocketAddress parley;

    public RtpPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** An offer for the payload types given, in order, with the rtpmap lines given. */
    public String offer(String payloadTypes, String... rtpmaps) {
        StringBuilder sdp = new StringBuilder("v=0\r\no=itest 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\nm=audio " + socket.getLocalPort() + " RTP/AVP " + payloadTypes + "\r\n");
        Arrays.stream(rtpmaps).forEach(line -> sdp.append("a=rtpmap:").append(line).append("\r\n"));
        return sdp.toString();
    }

    /** Reads where to send from Parley's answer; returns the payload types it accepted. */
    public String answered(String sdpAnswer) {
        Matcher c = CONNECTION.matcher(sdpAnswer);
        Matcher m = AUDIO.matcher(sdpAnswer);
        if (!c.find() || !m.find()) {
            throw new AssertionError("No c= or m=audio line in the answer:\n" + sdpAnswer);
        }
        parley = new InetSocketAddress(c.group(1), Integer.parseInt(m.group(1)));
        return m.group(2);
    }

    public void send(int payloadType, boolean marker, long timestamp, byte[] payload) throws IOException {
        byte[] packet = new byte[12 + payload.length];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        sequence = (sequence + 1) & 0xFFFF;
        for (int i = 0; i < 4; i++) {
            packet[4 + i] = (byte) (timestamp >> (24 - 8 * i));
            packet[8 + i] = (byte) (ssrc >> (24 - 8 * i));
        }
        System.arraycopy(payload, 0, packet, 12, payload.length);
        socket.send(new DatagramPacket(packet, packet.length, parley));
    }

    /** Sends {@code seconds} of a PCMU sine at {@code frequency}, paced in real time (20 ms packets). */
    public void sendTone(double frequency, int seconds) throws IOException, InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < seconds * 50; i++) {
            byte[] frame = new byte[160];
            for (int s = 0; s < 160; s++) {
                double t = (160.0 * i + s) / 8000;
                frame[s] = Audio.linearToUlaw((short) (10000 * Math.sin(2 * Math.PI * frequency * t)));
            }
            send(0, i == 0, 160L * i, frame);
            long due = start + (i + 1) * 20_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    /** An RFC 4733 event as a real phone sends it: a start packet, an update, three end packets. */
    public void sendDigit(int payloadType, int event, long timestamp) throws IOException {
        send(payloadType, true, timestamp, new byte[] { (byte) event, 10, 0, (byte) 160 });
        send(payloadType, false, timestamp, new byte[] { (byte) event, 10, 1, 64 });
        for (int i = 0; i < 3; i++) {
            send(payloadType, false, timestamp, new byte[] { (byte) event, (byte) 0x8A, 3, 32 });
        }
    }

    /** The payload of the next RTP packet (header stripped), or null after {@code timeoutMillis}. */
    public byte[] receivePayload(int timeoutMillis) throws IOException {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout(timeoutMillis);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        int headerLength = 12 + 4 * (buffer[0] & 0x0F);
        return Arrays.copyOfRange(buffer, headerLength, packet.getLength());
    }

    @Override
    public void close() {
        socket.close();
    }
}
