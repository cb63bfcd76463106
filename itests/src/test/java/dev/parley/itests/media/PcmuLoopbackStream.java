package dev.parley.itests.media;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.jitsi.service.libjitsi.LibJitsi;
import org.jitsi.service.neomedia.DefaultStreamConnector;
import org.jitsi.service.neomedia.MediaDirection;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.MediaStream;
import org.jitsi.service.neomedia.MediaStreamTarget;
import org.jitsi.service.neomedia.MediaUseCase;
import org.jitsi.service.neomedia.device.MediaDevice;
import org.jitsi.utils.MediaType;

/**
 * One libjitsi audio stream sending PCMU from the default (headless: audiosilence) device to a plain UDP socket on
 * loopback. Kept out of the test class so that libjitsi's packages are only wired once parley-media is installed.
 */
final class PcmuLoopbackStream implements AutoCloseable {

    private static final int PCMU_PAYLOAD_TYPE = 0;

    private final DatagramSocket receiver;
    private final MediaStream stream;

    PcmuLoopbackStream() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        MediaService media = LibJitsi.getMediaService();
        MediaDevice device = media.getDefaultDevice(MediaType.AUDIO, MediaUseCase.CALL);
        if (device == null) {
            throw new AssertionError("libjitsi has no default audio device (audioSystem should be audiosilence)");
        }
        receiver = new DatagramSocket(new InetSocketAddress(loopback, 0));
        stream = media.createMediaStream(new DefaultStreamConnector(new DatagramSocket(0, loopback),
                new DatagramSocket(0, loopback)), device);
        stream.setFormat(media.getFormatFactory().createMediaFormat("PCMU", 8000));
        stream.setDirection(MediaDirection.SENDONLY);
        stream.setTarget(new MediaStreamTarget(new InetSocketAddress(loopback, receiver.getLocalPort()),
                new InetSocketAddress(loopback, receiver.getLocalPort() + 1)));
        stream.start();
    }

    boolean isStarted() {
        return stream.isStarted();
    }

    /** The payload type of the first RTP packet received within {@code timeout}, or -1 if none came. */
    int firstRtpPayloadType(Duration timeout) throws Exception {
        byte[] buffer = new byte[1500];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        receiver.setSoTimeout((int) timeout.toMillis());
        try {
            receiver.receive(packet);
        } catch (SocketTimeoutException e) {
            return -1;
        }
        if (packet.getLength() < 12 || (buffer[0] & 0xC0) != 0x80) {
            throw new AssertionError("not an RTP version 2 packet: " + packet.getLength() + " bytes");
        }
        return buffer[1] & 0x7F;
    }

    static int pcmuPayloadType() {
        return PCMU_PAYLOAD_TYPE;
    }

    @Override
    public void close() {
        stream.stop();
        stream.close();
        receiver.close();
    }
}
