package dev.parley.media.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.jdt.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;
import dev.parley.api.media.DtmfListener;
import dev.parley.api.media.DtmfSource;
import dev.parley.api.media.MediaSession;
import dev.parley.api.media.MediaStats;
import dev.parley.api.media.PlaybackListener;
import dev.parley.media.internal.audio.AudioCodec;
import dev.parley.media.internal.audio.G711Law;
import dev.parley.media.internal.audio.G722Codec;
import dev.parley.media.internal.audio.Playback;
import dev.parley.media.internal.audio.SampleFifo;
import dev.parley.media.internal.audio.WavRecorder;
import dev.parley.media.internal.rtp.DtmfDetector;
import dev.parley.media.internal.rtp.PortAllocator.PortPair;
import dev.parley.media.internal.rtp.RtpEngine;
import dev.parley.media.internal.rtp.RtpHeader;
import dev.parley.media.internal.rtp.SequenceTracker;
import dev.parley.media.internal.sdp.Codec;
import dev.parley.media.internal.sdp.Negotiation;

/**
 * One RTP audio session. Three threads meet here, each with its own state: the receive thread (parsing, DTMF,
 * recording, feeding a conference), the clock thread (sending prompt or conference frames every 20 ms) and callers
 * (play, record, close). Recording and sending state are guarded by their own locks, so neither thread waits for the
 * other.
 */
final class RtpMediaSession implements MediaSession, RtpEngine.Receiver, RtpEngine.Ticker {

    private static final Logger LOG = LoggerFactory.getLogger(RtpMediaSession.class);
    private static final int FRAME_SAMPLES = 160; // 20 ms at 8 kHz
    private static final int MAX_PAYLOAD = 1500;

    private final String id;
    private final Negotiation negotiation;
    private final String sdpAnswer;
    private final PortPair ports;
    private final RtpEngine engine;
    private final AudioCodec audioCodec;
    private final Function<Path, short[]> loader;
    private final Consumer<RtpMediaSession> onClose;
    private final Instant opened = Instant.now();
    private final G711Law recordingLaw;
    private final boolean passThroughRecording;
    private final CopyOnWriteArrayList<DtmfListener> dtmfListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable InetSocketAddress target;

    // receive thread
    static final long RELATCH_AFTER_NANOS = 2_000_000_000L;
    private @Nullable InetSocketAddress latchedSource;
    private long lastFromLatchedSource;
    private final RtpHeader header = new RtpHeader();
    private final SequenceTracker sequence = new SequenceTracker();
    private final DtmfDetector dtmf = new DtmfDetector();
    private final short[] decoded = new short[960];
    private final short[] narrowband = new short[480]; // a wideband codec's samples for the 8 kHz conference
    private final byte[] transcoded = new byte[960];
    private volatile long packetsReceived;
    private volatile long packetsLost;

    // recording, guarded by recordLock
    private final Object recordLock = new Object();
    private @Nullable WavRecorder recorder;

    // clock thread, guarded by sendLock
    private final Object sendLock = new Object();
    private final short[] frame = new short[FRAME_SAMPLES];
    private final byte[] payload = new byte[MAX_PAYLOAD];
    private final byte[] packet = new byte[MAX_PAYLOAD + 12];
    private final long ssrc = ThreadLocalRandom.current().nextLong(1L << 32);
    private final long timestampBase = ThreadLocalRandom.current().nextLong(1L << 32);
    private int sequenceNumber = ThreadLocalRandom.current().nextInt(1 << 16);
    private long ticks;
    private boolean sentLastTick;
    private volatile long packetsSent;

    // playback and conference, guarded by this
    private @Nullable Playback playback;
    private @Nullable PlaybackListener playbackListener;
    private volatile @Nullable RtpConference conference;
    private volatile @Nullable SampleFifo conferenceInbox;
    private final AtomicReference<short @Nullable []> conferenceFrame = new AtomicReference<>();

    RtpMediaSession(String id, Negotiation negotiation, String sdpAnswer, PortPair ports, RtpEngine engine,
            AudioCodec audioCodec, Function<Path, short[]> loader, Consumer<RtpMediaSession> onClose) {
        this.id = id;
        this.negotiation = negotiation;
        this.sdpAnswer = sdpAnswer;
        this.ports = ports;
        this.engine = engine;
        this.audioCodec = audioCodec;
        this.loader = loader;
        this.onClose = onClose;
        Codec codec = negotiation.codec();
        this.passThroughRecording = codec == Codec.PCMU || codec == Codec.PCMA;
        this.recordingLaw = codec == Codec.PCMA ? G711Law.ALAW : G711Law.ULAW;
        String address = negotiation.remoteAddress();
        this.target = address == null ? null : new InetSocketAddress(address, negotiation.remotePort());
    }

    /** Starts receiving and sending; separate from the constructor so that no thread sees a half-built session. */
    void start() {
        engine.register(ports.rtp(), this);
        engine.register(ports.rtcp(), null);
        engine.addTicker(this, false);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String sdpAnswer() {
        return sdpAnswer;
    }

    @Override
    public String codec() {
        return negotiation.codec().rtpmap();
    }

    // ---- receive thread

    @Override
    public void received(byte[] data, int length, InetSocketAddress source) {
        if (closed.get() || !header.parse(data, length)) {
            return;
        }
        if (!acceptSource(source)) {
            return;
        }
        sequence.received(header.ssrc(), header.sequenceNumber());
        packetsReceived = sequence.receivedPackets();
        packetsLost = sequence.lost();
        int payloadType = header.payloadType();
        if (payloadType == negotiation.dtmfPayloadType()) {
            char digit = dtmf.accept(header.timestamp(), data, header.payloadOffset(), header.payloadLength());
            if (digit != 0) {
                report(digit, DtmfSource.RTP_EVENT);
            }
        } else if (payloadType == negotiation.payloadType()) {
            audioReceived(data);
        }
    }

    /**
     * Symmetric RTP with a latch: media goes to where the first packet came from; packets from anywhere else are
     * dropped (they could be injected into a recording) unless the latched source has been silent for
     * {@link #RELATCH_AFTER_NANOS}, which is how a caller that moved (new NAT binding, re-INVITE) is followed.
     */
    private boolean acceptSource(InetSocketAddress source) {
        long now = System.nanoTime();
        InetSocketAddress current = latchedSource;
        if (current != null && !source.equals(current) && now - lastFromLatchedSource < RELATCH_AFTER_NANOS) {
            return false;
        }
        if (!source.equals(current)) {
            LOG.debug("Session {} sends to {} (symmetric RTP)", id, source);
            latchedSource = source;
            target = source;
        }
        lastFromLatchedSource = now;
        return true;
    }

    private void audioReceived(byte[] data) {
        SampleFifo inbox = conferenceInbox;
        int offset = header.payloadOffset();
        int length = header.payloadLength();
        synchronized (recordLock) {
            WavRecorder wav = recorder;
            if (wav == null && inbox == null || closed.get()) {
                return;
            }
            if (passThroughRecording && inbox == null) {
                record(wav, recording -> recording.write(header.timestamp(), data, offset, length)); // G.711 as is
                return;
            }
            int count = audioCodec.decode(data, offset, length, decoded);
            boolean wideband = audioCodec.sampleRate() > 8000;
            if (inbox != null && wideband) {
                inbox.write(narrowband, G722Codec.downsample(decoded, count, narrowband));
            } else if (inbox != null) {
                inbox.write(decoded, count);
            }
            if (passThroughRecording) {
                record(wav, recording -> recording.write(header.timestamp(), data, offset, length));
            } else {
                // timestamps in samples of the decoded rate (RTP clocks differ: 48 kHz opus, 8 kHz G.722)
                long timestamp = header.timestamp() * audioCodec.sampleRate() / negotiation.codec().clockRate();
                if (wideband) {
                    record(wav, recording -> recording.writeSamples(timestamp, decoded, count));
                } else {
                    for (int i = 0; i < count; i++) {
                        transcoded[i] = recordingLaw.encode(decoded[i]);
                    }
                    record(wav, recording -> recording.write(timestamp, transcoded, 0, count));
                }
            }
        }
    }

    /** One write into the recording. */
    private interface RecordingWrite {
        void to(WavRecorder recording) throws IOException;
    }

    private void record(@Nullable WavRecorder wav, RecordingWrite write) {
        if (wav == null) {
            return;
        }
        try {
            write.to(wav);
        } catch (IOException e) {
            LOG.error("Session {}: recording failed, file discarded", id, e);
            wav.abort();
            recorder = null;
        }
    }

    // ---- clock thread

    @Override
    public void tick() {
        Playback current;
        synchronized (this) {
            current = playback;
        }
        boolean send;
        synchronized (sendLock) {
            ticks++;
            if (closed.get()) {
                return;
            }
            if (current != null) {
                send = current.nextFrame(frame);
                if (!send) {
                    playbackEnded(current, true);
                }
            } else {
                short[] mixed = conferenceFrame.getAndSet(null);
                send = mixed != null;
                if (send) {
                    System.arraycopy(mixed, 0, frame, 0, FRAME_SAMPLES);
                }
            }
            if (send) {
                send(frame);
            }
            sentLastTick = send;
        }
    }

    private void send(short[] samples) {
        InetSocketAddress to = target;
        if (to == null || !negotiation.direction().sends()) {
            return;
        }
        int length = audioCodec.encode(samples, FRAME_SAMPLES, payload);
        long timestamp = (timestampBase + ticks * FRAME_SAMPLES * negotiation.codec().clockUnitsPer8kSample())
                & 0xFFFFFFFFL;
        int headerSize = RtpHeader.write(packet, negotiation.payloadType(), !sentLastTick, sequenceNumber, timestamp,
                ssrc);
        System.arraycopy(payload, 0, packet, headerSize, length);
        sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        try {
            ports.rtp().send(ByteBuffer.wrap(packet, 0, headerSize + length), to);
            packetsSent++;
        } catch (IOException e) {
            LOG.debug("Session {}: cannot send to {}", id, to, e);
        }
    }

    /** The conference's mix for this participant's next frame. */
    void offerConferenceFrame(short[] mixed) {
        conferenceFrame.set(mixed);
    }

    // ---- callers

    @Override
    public void play(List<Path> files, PlaybackListener listener) {
        requireOpen();
        Playback next = new Playback(files, loader);
        Playback previous;
        PlaybackListener previousListener;
        synchronized (this) {
            previous = playback;
            previousListener = playbackListener;
            playback = next;
            playbackListener = listener;
        }
        if (previous != null && previousListener != null) {
            notifyPlayback(previousListener, false);
        }
    }

    @Override
    public void stopPlaying() {
        Playback current;
        synchronized (this) {
            current = playback;
        }
        if (current != null) {
            playbackEnded(current, false);
        }
    }

    private void playbackEnded(Playback ended, boolean completed) {
        PlaybackListener listener;
        synchronized (this) {
            if (playback != ended) {
                return;
            }
            listener = playbackListener;
            playback = null;
            playbackListener = null;
        }
        if (listener != null) {
            notifyPlayback(listener, completed);
        }
    }

    private void notifyPlayback(PlaybackListener listener, boolean completed) {
        engine.dispatch(() -> listener.finished(this, completed));
    }

    @Override
    public void record(Path wavFile) {
        requireOpen();
        synchronized (recordLock) {
            if (recorder != null) {
                throw new ParleyException(ParleyError.INVALID_STATE, "Session " + id + " is already recording");
            }
            // G.711 and opus as 8 kHz G.711, wideband codecs as 16-bit PCM at their rate
            recorder = audioCodec.sampleRate() == 8000 ? new WavRecorder(wavFile, recordingLaw)
                    : WavRecorder.pcm16(wavFile, audioCodec.sampleRate());
        }
    }

    /**
     * Detaches the recorder under the lock and finishes it outside: the final fsync can take milliseconds, and the
     * receive thread, which serves every session, must never wait for it.
     */
    @Override
    public Duration stopRecording() {
        WavRecorder wav;
        synchronized (recordLock) {
            wav = recorder;
            recorder = null;
        }
        if (wav == null) {
            return Duration.ZERO;
        }
        try {
            return wav.finish();
        } catch (IOException e) {
            wav.abort();
            throw new ParleyException(ParleyError.INTERNAL, "Cannot finish the recording of session " + id, e);
        }
    }

    @Override
    public void addDtmfListener(DtmfListener listener) {
        dtmfListeners.addIfAbsent(listener);
    }

    @Override
    public void removeDtmfListener(DtmfListener listener) {
        dtmfListeners.remove(listener);
    }

    @Override
    public void injectDtmf(char digit) {
        if (!DtmfDetector.isDigit(digit)) {
            throw new ParleyException(ParleyError.INVALID_ARGUMENT, "Not a DTMF digit: " + digit);
        }
        report(Character.toUpperCase(digit), DtmfSource.SIP_INFO);
    }

    private void report(char digit, DtmfSource source) {
        engine.dispatch(() -> {
            for (DtmfListener listener : dtmfListeners) {
                listener.digit(this, digit, source);
            }
        });
    }

    @Override
    public MediaStats stats() {
        InetSocketAddress to = target;
        String remote = to == null ? "" : to.getHostString() + ":" + to.getPort();
        return new MediaStats(id, codec(), ports.port(), remote, packetsReceived, packetsSent, packetsLost, opened);
    }

    // ---- conference membership, called by RtpConference

    synchronized void joined(RtpConference joinedConference) {
        RtpConference previous = conference;
        if (previous != null && previous != joinedConference) {
            previous.remove(this);
        }
        conferenceInbox = new SampleFifo(10 * FRAME_SAMPLES, 2 * FRAME_SAMPLES); // 40 ms of jitter absorbed
        conference = joinedConference;
    }

    synchronized void left(RtpConference leftConference) {
        if (conference == leftConference) {
            conference = null;
            conferenceInbox = null;
            conferenceFrame.set(null);
        }
    }

    /** Fills {@code out} with what this participant said since the last frame (silence where it said nothing). */
    void readConferenceInput(short[] out) {
        SampleFifo inbox = conferenceInbox;
        if (inbox == null) {
            java.util.Arrays.fill(out, (short) 0);
        } else {
            inbox.read(out, out.length);
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new ParleyException(ParleyError.INVALID_STATE, "Media session " + id + " is closed");
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        engine.removeTicker(this);
        stopPlaying();
        RtpConference current = conference;
        if (current != null) {
            current.remove(this);
        }
        try {
            stopRecording();
        } catch (ParleyException e) {
            LOG.error("Session {}: {}", id, e.getMessage(), e);
        }
        ports.close();
        synchronized (recordLock) {
            synchronized (sendLock) {
                audioCodec.close(); // no thread is inside the codec now
            }
        }
        onClose.accept(this);
        LOG.debug("Session {} closed: {}", id, stats());
    }
}
