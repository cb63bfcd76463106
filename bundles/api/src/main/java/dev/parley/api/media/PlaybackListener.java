package dev.parley.api.media;

import org.osgi.annotation.versioning.ConsumerType;

/** Told once when a playback ends, on the media engine's event thread: return quickly. */
@ConsumerType
public interface PlaybackListener {

    /** {@code completed}: every file was played to its end; false when stopped, replaced or the session closed. */
    void finished(MediaSession session, boolean completed);
}
