package dev.parley.media.internal.sdp;

import java.util.Locale;
import java.util.Optional;

import org.eclipse.jdt.annotation.Nullable;

/**
 * The audio codecs Parley can negotiate, with their RTP clock and the payload type of the static ones
 * (RFC 3551). G.722's RTP clock is 8000 although it samples at 16 kHz (RFC 3551 section 4.5.2).
 */
public enum Codec {
    PCMU("PCMU", 0, 8000, 1),
    PCMA("PCMA", 8, 8000, 1),
    G722("G722", 9, 8000, 1),
    OPUS("opus", -1, 48000, 2);

    private final String encodingName;
    private final int staticPayloadType;
    private final int clockRate;
    private final int channels;

    Codec(String encodingName, int staticPayloadType, int clockRate, int channels) {
        this.encodingName = encodingName;
        this.staticPayloadType = staticPayloadType;
        this.clockRate = clockRate;
        this.channels = channels;
    }

    public String encodingName() {
        return encodingName;
    }

    /** The RFC 3551 payload type, or -1 for a codec with a dynamic one. */
    public int staticPayloadType() {
        return staticPayloadType;
    }

    public int clockRate() {
        return clockRate;
    }

    public int channels() {
        return channels;
    }

    /** RTP timestamp units per 8 kHz sample (the rate prompts and recordings use). */
    public int clockUnitsPer8kSample() {
        return clockRate / 8000;
    }

    /** {@code PCMU/8000}, {@code opus/48000/2}: as in an rtpmap attribute. */
    public String rtpmap() {
        return encodingName + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }

    /** The codec an rtpmap names (case-insensitive, RFC 4566), if Parley knows it at that clock rate. */
    public static Optional<Codec> fromRtpmap(String encoding, int clockRate) {
        String name = encoding.toUpperCase(Locale.ROOT);
        for (Codec codec : values()) {
            if (codec.encodingName.toUpperCase(Locale.ROOT).equals(name) && codec.clockRate == clockRate) {
                return Optional.of(codec);
            }
        }
        return Optional.empty();
    }

    /** The codec of a static payload type offered without an rtpmap. */
    public static @Nullable Codec fromStaticPayloadType(int payloadType) {
        for (Codec codec : values()) {
            if (codec.staticPayloadType == payloadType) {
                return codec;
            }
        }
        return null;
    }
}
