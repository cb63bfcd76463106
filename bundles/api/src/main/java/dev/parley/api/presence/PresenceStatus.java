package dev.parley.api.presence;

import java.time.Instant;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.common.SipAddress;

/**
 * A user's presence as watchers see it: all the user's publications composed into one.
 *
 * @param entity the presentity
 * @param basic open if any of the user's devices (tuples) is open, closed otherwise or when nothing is published
 * @param activity the RPID activity ({@code away}, {@code busy}, {@code on-the-phone}, ...), or {@code null}
 * @param note the free-text note, or {@code null}
 * @param updated when the composed state last changed, or {@code null} when the user has published nothing
 */
public record PresenceStatus(SipAddress entity, BasicStatus basic, @Nullable String activity, @Nullable String note,
        @Nullable Instant updated) {

    /** The status of a user who has published nothing and is in no call. */
    public static PresenceStatus unknown(SipAddress entity) {
        return new PresenceStatus(entity, BasicStatus.CLOSED, null, null, null);
    }
}
