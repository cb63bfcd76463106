package dev.parley.media.internal.sdp;

import java.util.List;

/** Writes the SDP answer (RFC 3264 section 6) to a {@link Negotiation}. */
public final class SdpAnswerWriter {

    private static final String CRLF = "\r\n";

    private SdpAnswerWriter() {
    }

    /**
     * @param localAddress the address the offerer sends RTP to (IPv4 or IPv6 literal)
     * @param localPort Parley's RTP port
     * @param sessionId the {@code o=} session id and version
     */
    public static String answer(Negotiation negotiation, String localAddress, int localPort, long sessionId) {
        String addressType = localAddress.contains(":") ? "IP6" : "IP4";
        StringBuilder sdp = new StringBuilder(256);
        sdp.append("v=0").append(CRLF)
                .append("o=parley ").append(sessionId).append(' ').append(sessionId).append(" IN ")
                .append(addressType).append(' ').append(localAddress).append(CRLF)
                .append("s=Parley").append(CRLF)
                .append("c=IN ").append(addressType).append(' ').append(localAddress).append(CRLF)
                .append("t=0 0").append(CRLF);
        List<SessionDescription.Media> media = negotiation.offeredMedia();
        for (int i = 0; i < media.size(); i++) {
            SessionDescription.Media offered = media.get(i);
            if (i == negotiation.audioIndex()) {
                appendAudio(sdp, negotiation, localPort);
            } else {
                // declined (RFC 3264 section 6): same type and protocol, port 0, one of the offered formats
                String format = offered.formats().isEmpty() ? "0" : String.valueOf(offered.formats().get(0));
                sdp.append("m=").append(offered.type()).append(" 0 ").append(offered.protocol()).append(' ')
                        .append(format).append(CRLF);
            }
        }
        return sdp.toString();
    }

    private static void appendAudio(StringBuilder sdp, Negotiation negotiation, int localPort) {
        int payloadType = negotiation.payloadType();
        int dtmf = negotiation.dtmfPayloadType();
        Codec codec = negotiation.codec();
        sdp.append("m=audio ").append(localPort).append(' ')
                .append(negotiation.offeredMedia().get(negotiation.audioIndex()).protocol()).append(' ')
                .append(payloadType);
        if (dtmf >= 0) {
            sdp.append(' ').append(dtmf);
        }
        sdp.append(CRLF).append("a=rtpmap:").append(payloadType).append(' ').append(codec.rtpmap()).append(CRLF);
        if (dtmf >= 0) {
            int dtmfClock = negotiation.offeredMedia().get(negotiation.audioIndex()).rtpmap(dtmf).clockRate();
            sdp.append("a=rtpmap:").append(dtmf).append(" telephone-event/").append(dtmfClock).append(CRLF)
                    .append("a=fmtp:").append(dtmf).append(" 0-15").append(CRLF);
        }
        sdp.append("a=ptime:20").append(CRLF)
                .append('a').append('=').append(negotiation.direction().attribute()).append(CRLF);
    }
}
