package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.parley.api.common.SipAddress;
import dev.parley.store.PresencePublication;

/** The presence tables: columns, row mapping and the statements written to them. */
final class PresenceTable {

    static final String COLUMNS = "entity, etag, origin, document, expires_at, updated";
    static final String MERGE_PUBLICATION = "MERGE INTO presence_publications (" + COLUMNS
            + ") KEY (entity, etag) VALUES (?, ?, ?, ?, ?, ?)";
    static final String DELETE_PUBLICATION = "DELETE FROM presence_publications WHERE entity = ? AND etag = ?";
    /** Deletes one publication only if it is still expired, so a refresh that came in between is kept. */
    static final String DELETE_EXPIRED_PUBLICATION = DELETE_PUBLICATION + " AND expires_at <= ?";
    static final String MERGE_RULE = "MERGE INTO presence_watcher_rules (presentity, watcher, policy)"
            + " KEY (presentity, watcher) VALUES (?, ?, ?)";
    static final String DELETE_RULE = "DELETE FROM presence_watcher_rules WHERE presentity = ? AND watcher = ?";

    private PresenceTable() {
    }

    static SqlChange.Statement merge(PresencePublication publication) {
        return new SqlChange.Statement(MERGE_PUBLICATION, List.<Object>of(publication.entity().uri(), publication.etag(),
                publication.origin().name(), publication.document(), publication.expiresAt(), publication.updated()));
    }

    static List<PresencePublication> toPublications(PreparedStatement select) throws SQLException {
        List<PresencePublication> publications = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                publications.add(new PresencePublication(SipAddress.parse(row.getString("entity")),
                        row.getString("etag"), PresencePublication.Origin.valueOf(row.getString("origin")),
                        row.getString("document"), Columns.getInstant(row, "expires_at"),
                        Columns.getInstant(row, "updated")));
            }
        }
        return publications;
    }
}
