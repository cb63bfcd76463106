package dev.parley.api.media;

import java.time.Instant;

/**
 * What a session has done so far.
 *
 * @param sessionId the session's {@link MediaSession#id()}
 * @param codec the negotiated codec, e.g. {@code PCMU/8000}
 * @param localPort Parley's RTP port
 * @param remoteAddress where RTP is sent, {@code host:port}
 * @param packetsReceived RTP packets received (audio and DTMF)
 * @param packetsSent RTP packets sent
 * @param packetsLost packets missing from the received sequence numbers
 * @param opened when the session was opened
 */
public record MediaStats(String sessionId, String codec, int localPort, String remoteAddress, long packetsReceived,
        long packetsSent, long packetsLost, Instant opened) {
}
