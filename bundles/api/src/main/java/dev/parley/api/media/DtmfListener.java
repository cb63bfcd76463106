package dev.parley.api.media;

import org.osgi.annotation.versioning.ConsumerType;

/** Told of each DTMF digit once, on the media engine's event thread: return quickly. */
@ConsumerType
public interface DtmfListener {

    /** {@code digit} is one of {@code 0-9 * # A-D}. */
    void digit(MediaSession session, char digit, DtmfSource source);
}
