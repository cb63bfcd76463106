package dev.parley.api.media;

import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.api.common.ParleyException;

/** Opens audio sessions on Parley's own RTP ports, and mixes them into conferences. */
@ProviderType
public interface MediaEngine {

    /**
     * Answers an SDP offer (RFC 3264): picks the offerer's most preferred audio codec Parley supports and binds an
     * RTP port for it. The session's {@link MediaSession#sdpAnswer()} goes back to the offerer.
     *
     * @throws ParleyException {@code NOT_ACCEPTABLE_HERE} (488) when no audio stream has a codec in common,
     *         {@code INVALID_ARGUMENT} for an SDP that cannot be parsed, {@code LIMIT_EXCEEDED} when the configured
     *         number of sessions or the RTP port range is exhausted
     */
    MediaSession open(String sdpOffer);

    /** A new, empty conference: every session added hears all the others. */
    Conference createConference();

    /**
     * The file of a named prompt ({@code "beep"}, {@code "goodbye"}, {@code "digit-7"}...), the operator's copy first
     * (see the media bundle's README for the directories searched).
     *
     * @throws ParleyException {@code NOT_FOUND} when no directory holds {@code <name>.wav}
     */
    Path prompt(String name);

    /** A snapshot of every open session, oldest first. */
    List<MediaStats> sessions();
}
