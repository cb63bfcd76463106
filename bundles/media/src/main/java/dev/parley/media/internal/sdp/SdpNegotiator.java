package dev.parley.media.internal.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.ParleyError;
import dev.parley.api.common.ParleyException;

/**
 * Offer/answer for audio (RFC 3264): accepts the first audio stream over plain RTP with a codec Parley supports,
 * choosing the offerer's most preferred one; other streams are declined with port 0 in the answer.
 */
public final class SdpNegotiator {

    private static final String TELEPHONE_EVENT = "telephone-event";

    private final Set<Codec> supported;

    public SdpNegotiator(Set<Codec> supported) {
        this.supported = Set.copyOf(supported);
    }

    /** @throws ParleyException 488 when no audio stream can be accepted, 400 for an unparsable offer */
    public Negotiation negotiate(String sdpOffer) {
        SessionDescription offer = SessionDescription.parse(sdpOffer);
        List<SessionDescription.Media> media = offer.media();
        for (int i = 0; i < media.size(); i++) {
            SessionDescription.Media m = media.get(i);
            if (!"audio".equals(m.type()) || m.port() == 0 || !isPlainRtp(m.protocol())) {
                continue;
            }
            for (int payloadType : m.formats()) {
                Codec codec = codecOf(m, payloadType);
                if (codec != null && supported.contains(codec)) {
                    String address = m.connectionAddress() != null ? m.connectionAddress() : offer.connectionAddress();
                    if (address != null && (address.equals("0.0.0.0") || address.equals("::"))) {
                        address = null;
                    }
                    Direction offered = m.direction() != null ? m.direction() : offer.direction();
                    return new Negotiation(offer, i, codec, payloadType, dtmfPayloadType(m, codec), address, m.port(),
                            offered.answer());
                }
            }
        }
        throw new ParleyException(ParleyError.NOT_ACCEPTABLE_HERE,
                "No audio stream over RTP/AVP with a codec Parley supports " + supported);
    }

    /** RTP/AVP and RTP/AVPF; not SRTP (RTP/SAVP...) nor DTLS (UDP/TLS/RTP/SAVPF), which Parley does not speak. */
    private static boolean isPlainRtp(String protocol) {
        String p = protocol.toUpperCase(Locale.ROOT);
        return p.equals("RTP/AVP") || p.equals("RTP/AVPF");
    }

    private static @Nullable Codec codecOf(SessionDescription.Media m, int payloadType) {
        SessionDescription.RtpMap map = m.rtpmap(payloadType);
        if (map != null) {
            return Codec.fromRtpmap(map.encoding(), map.clockRate()).orElse(null);
        }
        return payloadType < 96 ? Codec.fromStaticPayloadType(payloadType) : null;
    }

    /** telephone-event at the codec's clock rate, else at 8000 (what most endpoints offer whatever the codec). */
    private static int dtmfPayloadType(SessionDescription.Media m, Codec codec) {
        int fallback = -1;
        for (int payloadType : m.formats()) {
            SessionDescription.RtpMap map = m.rtpmap(payloadType);
            if (map != null && TELEPHONE_EVENT.equalsIgnoreCase(map.encoding())) {
                if (map.clockRate() == codec.clockRate()) {
                    return payloadType;
                }
                if (map.clockRate() == 8000) {
                    fallback = payloadType;
                }
            }
        }
        return fallback;
    }
}
