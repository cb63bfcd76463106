package spike;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.media.CaptureDeviceInfo;
import javax.media.Format;
import javax.media.MediaLocator;
import javax.media.protocol.CaptureDevice;

import org.jitsi.impl.neomedia.device.AudioMediaDeviceImpl;
import org.jitsi.service.libjitsi.LibJitsi;
import org.jitsi.service.neomedia.DefaultStreamConnector;
import org.jitsi.service.neomedia.MediaDirection;
import org.jitsi.service.neomedia.MediaService;
import org.jitsi.service.neomedia.MediaStream;
import org.jitsi.service.neomedia.MediaStreamTarget;
import org.jitsi.service.neomedia.MediaUseCase;
import org.jitsi.service.neomedia.device.MediaDevice;
import org.jitsi.service.neomedia.recording.Recorder;
import org.jitsi.utils.MediaType;

import dev.parley.media.internal.rtp.RtpHeader;

/**
 * libjitsi headless, outside OSGi:
 * {@code send-silence <port>} sends PCMU from the default (audiosilence) device to a local socket for 5 s;
 * {@code send-wav <wav> <port>} the same from {@link WavCaptureDevice};
 * {@code conference <n> <dir> <firstPort>} n three-party conferences, each on its own libjitsi mixer
 * ({@code MediaService.createMixer}), driven and judged by {@link Peers};
 * {@code record <n> <dir> <firstPort>} n receive-only streams, each recorded to a WAV by libjitsi's stock recorder
 * ({@code createRecorder(mixer)}), fed by {@link Peers}.
 */
public final class LibjitsiSpike {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private LibjitsiSpike() {
    }

    public static void main(String[] args) throws Exception {
        LibJitsi.start();
        MediaService media = LibJitsi.getMediaService();
        switch (args[0]) {
            case "send-silence" -> send(media, media.getDefaultDevice(MediaType.AUDIO, MediaUseCase.CALL),
                    Integer.parseInt(args[1]));
            case "send-wav" -> send(media, wavDevice(Path.of(args[1])), Integer.parseInt(args[2]));
            case "conference" -> conferences(media, Integer.parseInt(args[1]), Path.of(args[2]),
                    Integer.parseInt(args[3]));
            case "record" -> recordings(media, Integer.parseInt(args[1]), Path.of(args[2]),
                    Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException(args[0]);
        }
        LibJitsi.stop();
        System.exit(0);
    }

    /** An audio device whose capture is {@link WavCaptureDevice}: libjitsi's sharing and mixing stay as they are. */
    private static MediaDevice wavDevice(Path wav) {
        CaptureDeviceInfo info = new CaptureDeviceInfo("wav " + wav.getFileName(),
                new MediaLocator("wavfile:" + wav), new Format[] { WavCaptureDevice.FORMAT });
        return new AudioMediaDeviceImpl(info) {
            @Override
            protected CaptureDevice superCreateCaptureDevice() {
                try {
                    return new WavCaptureDevice(wav);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private static MediaStream stream(MediaService media, MediaDevice device, int localPort, int remotePort,
            MediaDirection direction) throws IOException {
        MediaStream stream = media.createMediaStream(new DefaultStreamConnector(
                new DatagramSocket(localPort, LOOPBACK), new DatagramSocket(localPort + 1, LOOPBACK)), device);
        stream.setFormat(media.getFormatFactory().createMediaFormat("PCMU", 8000));
        stream.setDirection(direction);
        stream.setTarget(new MediaStreamTarget(new InetSocketAddress(LOOPBACK, remotePort),
                new InetSocketAddress(LOOPBACK, remotePort + 1)));
        stream.setName("to-" + remotePort);
        stream.start();
        return stream;
    }

    /** Sends for 5 s from {@code device} to a socket on {@code port} and reports what arrived. */
    private static void send(MediaService media, MediaDevice device, int port) throws Exception {
        System.out.println("device: " + device);
        try (DatagramSocket receiver = new DatagramSocket(port, LOOPBACK)) {
            receiver.setSoTimeout(200);
            MediaStream stream = stream(media, device, port + 2, port, MediaDirection.SENDONLY);
            System.out.println("stream started: " + stream.isStarted());
            long end = System.nanoTime() + 5_000_000_000L;
            int packets = 0;
            int audible = 0;
            double share1k = 0;
            byte[] data = new byte[2048];
            int[] samples = new int[2048];
            RtpHeader header = new RtpHeader();
            while (System.nanoTime() < end) {
                DatagramPacket packet = new DatagramPacket(data, data.length);
                try {
                    receiver.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                int count = Tone.decodePcmu(data, packet.getLength(), header, samples);
                if (count < 0) {
                    continue;
                }
                packets++;
                if (Tone.audible(samples, count)) {
                    audible++;
                    share1k += Tone.share(samples, count, 1000);
                }
            }
            System.out.printf("RESULT: %d PCMU packets in 5 s, %d audible, mean 1 kHz share %.2f%n", packets,
                    audible, audible == 0 ? 0 : share1k / audible);
            stream.stop();
            stream.close();
        }
    }

    /** n recorded streams, each on its own mixer (the recorder records a mixer device); peers at +500. */
    private static void recordings(MediaService media, int n, Path dir, int firstPort) throws Exception {
        MediaDevice base = media.getDefaultDevice(MediaType.AUDIO, MediaUseCase.CALL);
        Meter.threads("LibJitsi started, no stream");
        List<MediaStream> streams = new ArrayList<>();
        List<Recorder> recorders = new ArrayList<>();
        StringBuilder ports = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int port = firstPort + 2 * i;
            MediaDevice mixer = media.createMixer(base);
            streams.add(stream(media, mixer, port, port + 500, MediaDirection.RECVONLY));
            Recorder recorder = media.createRecorder(mixer);
            recorder.start("wav", dir.resolve("rec-" + i + ".wav").toString());
            recorders.add(recorder);
            ports.append(port).append(' ').append(port + 500).append(' ').append(i).append(" 0\n");
        }
        Files.writeString(dir.resolve("ports.tmp"), ports);
        Files.move(dir.resolve("ports.tmp"), dir.resolve("ports"));
        Meter.measure(dir, "libjitsi " + n + " recorded stream(s)");
        recorders.forEach(Recorder::stop);
        for (MediaStream stream : streams) {
            stream.stop();
            stream.close();
        }
        checkRecordings(dir, n);
    }

    /** Duration and the 500 Hz share (at 5 s) of every recording: libjitsi records 16-bit PCM at 48 kHz here. */
    private static void checkRecordings(Path dir, int n) throws IOException {
        double shortest = Double.MAX_VALUE;
        double weakest = Double.MAX_VALUE;
        int dataSizeField = 0;
        for (int i = 0; i < n; i++) {
            ByteBuffer wav = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("rec-" + i + ".wav")))
                    .order(ByteOrder.LITTLE_ENDIAN);
            int rate = wav.getInt(24);
            dataSizeField = wav.getInt(40);
            shortest = Math.min(shortest, (wav.capacity() - 44) / (2.0 * rate));
            int[] samples = new int[rate / 10];
            for (int s = 0; s < samples.length && 44 + 2 * (5 * rate + s) + 1 < wav.capacity(); s++) {
                samples[s] = wav.getShort(44 + 2 * (5 * rate + s));
            }
            weakest = Math.min(weakest, Tone.share(samples, samples.length, Peers.TONES[0], rate));
            Files.delete(dir.resolve("rec-" + i + ".wav"));
        }
        System.out.printf("recordings=%d shortest=%.1f s weakest_500Hz_share=%.2f data_size_field=0x%x%n", n, shortest,
                weakest, dataSizeField);
    }

    /** n conferences of three streams each on their own mixer; ports from {@code firstPort}, peers at +500. */
    private static void conferences(MediaService media, int n, Path dir, int firstPort) throws Exception {
        MediaDevice base = media.getDefaultDevice(MediaType.AUDIO, MediaUseCase.CALL);
        Meter.threads("LibJitsi started, no stream");
        List<MediaStream> streams = new ArrayList<>();
        StringBuilder ports = new StringBuilder();
        int port = firstPort;
        for (int c = 0; c < n; c++) {
            MediaDevice mixer = media.createMixer(base);
            for (int part = 0; part < 3; part++) {
                streams.add(stream(media, mixer, port, port + 500, MediaDirection.SENDRECV));
                ports.append(port).append(' ').append(port + 500).append(' ').append(c).append(' ').append(part)
                        .append('\n');
                port += 2;
            }
        }
        Files.writeString(dir.resolve("ports.tmp"), ports);
        Files.move(dir.resolve("ports.tmp"), dir.resolve("ports"));
        Meter.measure(dir, "libjitsi " + n + " conference(s) of 3");
        for (MediaStream stream : streams) {
            stream.stop();
            stream.close();
        }
    }
}
