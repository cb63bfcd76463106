package dev.parley.presence.internal.pidf;

import java.util.List;

import org.eclipse.jdt.annotation.Nullable;

/**
 * What Parley reads from and writes to a PIDF document (RFC 3863) with RPID (RFC 4480) activities. Extensions it does
 * not model (capabilities, timestamps, device elements) are not kept.
 *
 * @param entity the {@code entity} attribute, the presentity's URI
 * @param tuples the tuples in document order
 * @param activities the RPID activities ({@code away}, {@code on-the-phone}, or the text of {@code <rpid:other>}), or
 *            {@code null} when the document has no {@code <rpid:activities>} element (an empty element gives an
 *            empty list: "no particular activity")
 * @param note the person's note ({@code <dm:note>}) or else the presence-level {@code <note>}, or {@code null}
 */
public record PidfDocument(String entity, List<PidfTuple> tuples, @Nullable List<String> activities,
        @Nullable String note) {

    public PidfDocument {
        tuples = List.copyOf(tuples);
        activities = activities == null ? null : List.copyOf(activities);
    }
}
