package dev.parley.store;

import java.time.Instant;

import dev.parley.api.common.SipAddress;

/**
 * One piece of published presence state (RFC 3903): a PIDF document of one publisher (a SIP device, or Parley on
 * the user's behalf) identified by its entity tag.
 *
 * @param entity the presentity, the user the state belongs to
 * @param etag the entity tag, unique per entity
 * @param origin who published it
 * @param document the PIDF document as published
 * @param expiresAt when it lapses unless refreshed
 * @param updated when its document was last set (initial or modify; a refresh leaves it)
 */
public record PresencePublication(SipAddress entity, String etag, Origin origin, String document,
        Instant expiresAt, Instant updated) {

    /** Who published a document. */
    public enum Origin {
        /** A SIP device, with PUBLISH. */
        SIP,
        /** Parley itself on the user's behalf (the presence API: web clients, the shell). */
        API
    }

    /** The same publication under a new entity tag, lapsing at {@code expires}. */
    public PresencePublication refreshed(String newEtag, Instant expires) {
        return new PresencePublication(entity, newEtag, origin, document, expires, updated);
    }

    @Override
    public String toString() {
        return "PresencePublication[" + entity + ", " + etag + ", " + origin + ", expires " + expiresAt + "]";
    }
}
