package spike;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.parley.media.internal.audio.G711;
import dev.parley.media.internal.rtp.RtpHeader;

/**
 * The conference participants, in their own JVM so that the server's CPU is measured alone: reads
 * {@code <dir>/ports} (lines "serverPort peerPort conference participant"), sends participant k of every conference
 * a PCMU tone of {@link #TONES}[k] from peerPort to serverPort for the given seconds, and analyses what comes back
 * while it sends (after a 3 s warm-up): the share of each tone in every received 20 ms frame. A participant "hears"
 * a tone when its mean share is above 5 %. Writes {@code <dir>/start} when it begins and {@code <dir>/done} when it
 * ends.
 */
public final class Peers {
    static final double[] TONES = { 500, 1100, 1700 };
    private static final double HEARD = 0.05;
    private static volatile boolean sending = true;
    private static final boolean TRACE = Boolean.getBoolean("trace");

    private static final class Peer {
        final DatagramChannel channel;
        final int conference;
        final int part;
        long packets;
        long frames; // frames analysed (after the warm-up, not silent)
        long silentFrames;
        final double[] share = new double[TONES.length];

        Peer(DatagramChannel channel, int conference, int part) {
            this.channel = channel;
            this.conference = conference;
            this.part = part;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        while (!Files.exists(dir.resolve("ports"))) {
            Thread.sleep(100);
        }
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<Peer> peers = new ArrayList<>();
        Selector selector = Selector.open();
        for (String line : Files.readAllLines(dir.resolve("ports"))) {
            String[] f = line.trim().split(" ");
            DatagramChannel channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(loopback, Integer.parseInt(f[1])));
            channel.connect(new InetSocketAddress(loopback, Integer.parseInt(f[0])));
            channel.configureBlocking(false);
            Peer peer = new Peer(channel, Integer.parseInt(f[2]), Integer.parseInt(f[3]));
            channel.register(selector, SelectionKey.OP_READ, peer);
            peers.add(peer);
        }
        long start = System.nanoTime();
        long warmup = start + 3_000_000_000L;
        Thread receiver = new Thread(() -> receive(selector, warmup), "peer-receiver");
        receiver.setDaemon(true);
        receiver.start();
        Files.writeString(dir.resolve("start"), "");
        send(peers, seconds, start);
        sending = false; // what arrives after this is the tail of the mix, silent by design: not judged
        Thread.sleep(300);
        Files.writeString(dir.resolve("done"), "");
        synchronized (Peers.class) {
            report(peers, seconds);
        }
    }

    private static void send(List<Peer> peers, int seconds, long start) throws Exception {
        byte[][][] tones = new byte[TONES.length][50][160]; // one second of each tone, repeated
        for (int t = 0; t < TONES.length; t++) {
            for (int frame = 0; frame < 50; frame++) {
                for (int s = 0; s < 160; s++) {
                    tones[t][frame][s] = G711.encodeUlaw(
                            (short) (6000 * Math.sin(2 * Math.PI * TONES[t] * (160 * frame + s) / 8000)));
                }
            }
        }
        byte[] packet = new byte[172];
        for (int tick = 0; tick < seconds * 50; tick++) {
            for (int i = 0; i < peers.size(); i++) {
                Peer peer = peers.get(i);
                RtpHeader.write(packet, 0, tick == 0, tick & 0xffff, 160L * tick, 1000 + i);
                System.arraycopy(tones[peer.part % TONES.length][tick % 50], 0, packet, 12, 160);
                peer.channel.write(ByteBuffer.wrap(packet));
            }
            long wait = start + (tick + 1) * 20_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    private static void receive(Selector selector, long warmup) {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        int[] samples = new int[2048];
        RtpHeader header = new RtpHeader();
        try {
            while (true) {
                selector.select();
                synchronized (Peers.class) {
                    for (SelectionKey key : selector.selectedKeys()) {
                        Peer peer = (Peer) key.attachment();
                        buffer.clear();
                        while (peer.channel.receive(buffer) != null) {
                            analyse(peer, buffer.array(), buffer.position(), header, samples, warmup);
                            buffer.clear();
                        }
                    }
                    selector.selectedKeys().clear();
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    private static void analyse(Peer peer, byte[] packet, int length, RtpHeader header, int[] samples,
            long warmup) {
        int count = Tone.decodePcmu(packet, length, header, samples);
        if (count < 0) {
            return;
        }
        peer.packets++;
        if (System.nanoTime() < warmup || !sending) {
            return;
        }
        if (!Tone.audible(samples, count)) {
            peer.silentFrames++;
            if (TRACE && peer.conference == 0 && peer.part == 0) {
                System.out.printf("silent frame at %d ms, seq %d%n", (System.nanoTime() - warmup) / 1_000_000,
                        header.sequenceNumber());
            }
            return;
        }
        peer.frames++;
        for (int t = 0; t < TONES.length; t++) {
            peer.share[t] += Tone.share(samples, count, TONES[t]);
        }
    }

    private static void report(List<Peer> peers, int seconds) {
        int hearingBoth = 0;
        long silent = 0;
        long fewest = Long.MAX_VALUE;
        for (Peer peer : peers) {
            silent += peer.silentFrames;
            fewest = Math.min(fewest, peer.packets);
            StringBuilder shares = new StringBuilder();
            boolean others = true;
            for (int t = 0; t < TONES.length; t++) {
                double share = peer.frames == 0 ? 0 : peer.share[t] / peer.frames;
                shares.append(String.format(" %.0fHz=%.2f", TONES[t], share));
                boolean heard = share > HEARD;
                others &= t == peer.part ? !heard : heard;
            }
            if (others) {
                hearingBoth++;
            }
            if (peer.conference < 2 || !others) {
                System.out.printf("conf %d part %d (sends %.0f Hz): packets=%d audible_frames=%d silent_frames=%d%s"
                        + " hears_the_other_two_only=%b%n", peer.conference, peer.part, TONES[peer.part],
                        peer.packets, peer.frames, peer.silentFrames, shares, others);
            }
        }
        System.out.printf("participants=%d hearing_exactly_the_other_two=%d seconds=%d silent_frames_after_warmup=%d"
                + " (%.2f%%) fewest_packets_received=%d%n", peers.size(), hearingBoth, seconds, silent,
                100.0 * silent / (peers.size() * (seconds - 3) * 50L), fewest);
    }
}
