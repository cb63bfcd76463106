package dev.parley.api.media;

/** Where a DTMF digit came from. */
public enum DtmfSource {
    /** An RFC 4733 telephone-event in the RTP stream. */
    RTP_EVENT,
    /** A SIP INFO request, handed over through {@link MediaSession#injectDtmf(char)}. */
    SIP_INFO
}
