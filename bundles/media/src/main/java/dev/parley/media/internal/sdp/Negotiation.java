package dev.parley.media.internal.sdp;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * What an offer/answer exchange settled for the one audio stream Parley accepts.
 *
 * @param offer the offer, kept to answer its other media lines with port 0
 * @param audioIndex which {@code m=} line of the offer was accepted
 * @param codec the codec both sides send
 * @param payloadType its payload type, the offerer's number
 * @param dtmfPayloadType the telephone-event payload type (RFC 4733), or -1 when the offerer did not offer it
 * @param remoteAddress where the offerer receives RTP, null when it gave none (or 0.0.0.0, on hold)
 * @param remotePort its RTP port
 * @param direction Parley's direction in the answer
 */
public record Negotiation(SessionDescription offer, int audioIndex, Codec codec, int payloadType,
        int dtmfPayloadType, @Nullable String remoteAddress, int remotePort, Direction direction) {

    /** The offer's media lines, for the answer. */
    public List<SessionDescription.Media> offeredMedia() {
        return offer.media();
    }
}
