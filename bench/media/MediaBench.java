package dev.parley.media.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.parley.api.media.MediaSession;
import dev.parley.media.internal.audio.G711;

/**
 * Concurrent recordings on the media engine, in two processes so that the receiver's CPU is measured alone:
 * {@code receive <n> <dir>} opens n sessions (as voicemail would for n deposits), records each to a WAV, writes its
 * RTP ports to {@code <dir>/ports} and runs until {@code <dir>/done} appears; {@code send <dir> <seconds>} streams a
 * PCMU tone to every port, one 20 ms packet per stream per tick. The receiver then checks every recording for
 * filled gaps (runs of the mu-law silence byte: the tone never has one) and prints CPU, threads and losses. With a
 * prompt file, each session also plays it for the whole run (the send path: 20 ms clock, encoding, sending).
 * Lives in the engine's package to construct it outside OSGi. See bench/README.md.
 */
public final class MediaBench {

    private MediaBench() {
    }

    public static void main(String[] args) throws Exception {
        if ((args.length == 3 || args.length == 4) && "receive".equals(args[0])) {
            receive(Integer.parseInt(args[1]), Path.of(args[2]), args.length == 4 ? Path.of(args[3]) : null);
        } else if (args.length == 3 && "send".equals(args[0])) {
            send(Path.of(args[1]), Integer.parseInt(args[2]));
        } else {
            throw new IllegalArgumentException("usage: receive <streams> <dir> [prompt.wav] | send <dir> <seconds>");
        }
    }

    /** The configuration's defaults, with a few overrides: a proxy instead of a hand-written implementation. */
    private static MediaConfig config(Map<String, Object> overrides) {
        return (MediaConfig) Proxy.newProxyInstance(MediaConfig.class.getClassLoader(),
                new Class<?>[] { MediaConfig.class }, (proxy, method, args) -> overrides.containsKey(method.getName())
                        ? overrides.get(method.getName()) : method.getDefaultValue());
    }

    /** With {@code prompt}, every session also plays it while recording (a greeting, a retrieval). */
    private static void receive(int streams, Path dir, Path prompt) throws Exception {
        Map<String, String> headless = Map.of("org.jitsi.impl.neomedia.device.PortAudioSystem.disabled", "true",
                "org.jitsi.impl.neomedia.device.PulseAudioSystem.disabled", "true",
                "org.jitsi.impl.neomedia.device.Video4Linux2System.disabled", "true", "java.awt.headless", "true");
        MediaEngineImpl engine = new MediaEngineImpl(config(Map.of("bind_address", "127.0.0.1",
                "max_sessions", streams + 1, "codecs", "PCMU")), headless::get, () -> {
                    throw new ClassNotFoundException("opus is not benchmarked");
                });
        String offer = "v=0\r\no=bench 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 9 RTP/AVP 0\r\n";
        List<MediaSession> sessions = new ArrayList<>();
        StringBuilder ports = new StringBuilder();
        for (int i = 0; i < streams; i++) {
            MediaSession session = engine.open(offer);
            session.record(dir.resolve("rec-" + i + ".wav"));
            if (prompt != null) {
                session.play(List.of(prompt), (played, completed) -> { });
            }
            sessions.add(session);
            ports.append(engine.sessions().get(i).localPort()).append('\n');
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Files.writeString(dir.resolve("ports.tmp"), ports);
        Files.move(dir.resolve("ports.tmp"), dir.resolve("ports"));
        while (sessions.get(0).stats().packetsReceived() == 0) {
            Thread.sleep(5);
        }
        long cpuStart = os.getProcessCpuTime();
        long wallStart = System.nanoTime();
        int threadsDuring = 0;
        while (!Files.exists(dir.resolve("done"))) {
            Thread.sleep(200);
            threadsDuring = Math.max(threadsDuring, threads.getThreadCount());
        }
        long cpu = os.getProcessCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        long received = 0;
        long lost = 0;
        long sent = 0;
        for (MediaSession session : sessions) {
            received += session.stats().packetsReceived();
            lost += session.stats().packetsLost();
            sent += session.stats().packetsSent();
            session.stopRecording();
            session.close();
        }
        engine.deactivate();
        System.out.printf("packets_sent_by_parley=%d%n", sent);
        report(streams, dir, cpu, wall, threadsDuring, received, lost);
    }

    private static void report(int streams, Path dir, long cpu, long wall, int threads, long received, long lost)
            throws IOException {
        int withGaps = 0;
        long longestGap = 0;
        double shortest = Double.MAX_VALUE;
        for (int i = 0; i < streams; i++) {
            byte[] wav = Files.readAllBytes(dir.resolve("rec-" + i + ".wav"));
            int run = 0;
            long longest = 0;
            for (int s = 58; s < wav.length; s++) {
                run = wav[s] == G711.ULAW_SILENCE ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
            if (longest >= 160) {
                withGaps++;
            }
            longestGap = Math.max(longestGap, longest);
            shortest = Math.min(shortest, (wav.length - 58) / 8000.0);
            Files.delete(dir.resolve("rec-" + i + ".wav"));
        }
        double cores = (double) cpu / wall;
        System.out.printf("streams=%d seconds=%.1f cpu=%.1f%% of one core (%.2f%% per stream) threads=%d "
                + "packets=%d lost=%d recordings_with_gaps=%d longest_silence_ms=%d shortest_recording_s=%.1f%n",
                streams, wall / 1e9, 100 * cores, 100 * cores / streams, threads, received, lost, withGaps,
                longestGap / 8, shortest);
    }

    private static void send(Path dir, int seconds) throws Exception {
        List<Integer> ports = Files.readAllLines(dir.resolve("ports")).stream().map(Integer::parseInt).toList();
        List<DatagramChannel> channels = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            DatagramChannel channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.get(i)));
            channels.add(channel);
        }
        byte[][] tone = new byte[50][160]; // one second of 1 kHz, repeated
        for (int f = 0; f < 50; f++) {
            for (int s = 0; s < 160; s++) {
                tone[f][s] = G711.encodeUlaw((short) (8000 * Math.sin(2 * Math.PI * 1000 * (160 * f + s) / 8000.0)));
            }
        }
        byte[] packet = new byte[172];
        long start = System.nanoTime();
        int ticks = seconds * 50;
        long late = 0;
        for (int tick = 0; tick < ticks; tick++) {
            for (int i = 0; i < channels.size(); i++) {
                dev.parley.media.internal.rtp.RtpHeader.write(packet, 0, tick == 0, tick & 0xFFFF, 160L * tick, i + 1);
                System.arraycopy(tone[tick % 50], 0, packet, 12, 160);
                channels.get(i).write(ByteBuffer.wrap(packet));
            }
            long wait = start + (tick + 1) * 20_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } else if (wait < -20_000_000L) {
                late++;
            }
        }
        for (DatagramChannel channel : channels) {
            channel.close();
        }
        System.out.printf("sent %d packets to %d streams in %.1f s (%d ticks more than 20 ms late)%n",
                (long) ticks * channels.size(), channels.size(), (System.nanoTime() - start) / 1e9, late);
    }
}
