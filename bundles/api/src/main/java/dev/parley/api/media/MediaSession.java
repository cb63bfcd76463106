package dev.parley.api.media;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.ParleyException;

/**
 * One negotiated RTP audio stream between Parley and a remote party. Media is sent to where the remote party's
 * packets come from (symmetric RTP), to the address in its SDP until the first packet arrives. Thread-safe.
 */
@ProviderType
public interface MediaSession extends AutoCloseable {

    /** Identifier shown by {@code parley:media}. */
    String id();

    /** Parley's SDP answer (RFC 3264) to the offer this session was opened with. */
    String sdpAnswer();

    /** The negotiated codec, e.g. {@code PCMU/8000}. */
    String codec();

    /**
     * Plays the files one after the other (WAV, 8 kHz mono: 16-bit PCM, mu-law or A-law), replacing whatever was
     * playing (whose listener is told {@code completed = false}).
     *
     * @throws ParleyException {@code NOT_FOUND} for a missing file, {@code UNSUPPORTED_MEDIA_TYPE} for another format
     */
    void play(List<Path> files, PlaybackListener listener);

    /** Stops the current playback, if any; its listener is told {@code completed = false}. */
    void stopPlaying();

    /**
     * Records what the remote party sends into {@code wavFile} until {@link #stopRecording()} or {@link #close()}.
     * The file appears complete (correct header) at that moment, or not at all: it is written under a temporary name
     * and renamed when finished. Lost packets are recorded as silence, so the file's duration is the call's.
     *
     * @throws ParleyException {@code INVALID_STATE} when already recording
     */
    void record(Path wavFile);

    /** Finishes the recording and returns its duration ({@link Duration#ZERO} when nothing was recording). */
    Duration stopRecording();

    /** DTMF digits from RFC 4733 telephone-events and from {@link #injectDtmf(char)} reach this listener. */
    void addDtmfListener(DtmfListener listener);

    void removeDtmfListener(DtmfListener listener);

    /** A digit that arrived outside the media (SIP INFO, {@code application/dtmf-relay}): reported like RTP digits. */
    void injectDtmf(char digit);

    /** Packet counters and the remote address, as now. */
    MediaStats stats();

    /** Stops playback, finishes a recording, leaves any conference and releases the ports. Idempotent. */
    @Override
    void close();
}
