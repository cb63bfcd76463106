package dev.parley.api.media;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sessions mixed together: each participant hears the sum of all the others (not itself). A session is in at most
 * one conference; while it plays a prompt, the prompt replaces the mix it would hear.
 */
@ProviderType
public interface Conference extends AutoCloseable {

    /** Adds {@code session}, moving it out of any other conference. */
    void add(MediaSession session);

    /** Removes {@code session}; nothing happens when it is not a participant. */
    void remove(MediaSession session);

    int size();

    /** Removes every participant (their sessions stay open). */
    @Override
    void close();
}
