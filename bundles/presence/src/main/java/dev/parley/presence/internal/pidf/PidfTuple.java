package dev.parley.presence.internal.pidf;

import org.eclipse.jdt.annotation.Nullable;

import dev.parley.api.presence.BasicStatus;

/**
 * One PIDF {@code <tuple>} (RFC 3863 section 4.1.2): a device or service of the presentity.
 *
 * @param id the tuple id, unique within a document
 * @param basic its basic status, or {@code null} when the tuple states none
 * @param contact its contact URI, or {@code null}
 * @param note its note, or {@code null}
 */
public record PidfTuple(String id, @Nullable BasicStatus basic, @Nullable String contact, @Nullable String note) {

    public PidfTuple withId(String newId) {
        return new PidfTuple(newId, basic, contact, note);
    }
}
