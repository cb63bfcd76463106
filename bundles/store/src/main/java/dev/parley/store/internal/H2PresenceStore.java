package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jdt.annotation.Nullable;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.api.common.SipAddress;
import dev.parley.api.presence.WatcherPolicy;
import dev.parley.store.PresencePublication;
import dev.parley.store.PresenceStore;

/** {@link PresenceStore} on the embedded database, written through {@link SqlChange}s. */
@Component(service = PresenceStore.class)
public final class H2PresenceStore implements PresenceStore {

    private final H2Database database;

    @Activate
    public H2PresenceStore(@Reference(name = "database") H2Database database) {
        this.database = database;
    }

    @Override
    public List<PresencePublication> publications(SipAddress entity) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + PresenceTable.COLUMNS
                    + " FROM presence_publications WHERE entity = ? ORDER BY updated, etag")) {
                select.setString(1, entity.uri());
                return PresenceTable.toPublications(select);
            }
        });
    }

    @Override
    public Optional<PresencePublication> publication(SipAddress entity, String etag) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + PresenceTable.COLUMNS
                    + " FROM presence_publications WHERE entity = ? AND etag = ?")) {
                select.setString(1, entity.uri());
                select.setString(2, etag);
                return PresenceTable.toPublications(select).stream().findFirst();
            }
        });
    }

    @Override
    public void putPublication(PresencePublication publication, @Nullable String replacedEtag) {
        List<SqlChange.Statement> statements = new ArrayList<>();
        if (replacedEtag != null && !replacedEtag.equals(publication.etag())) {
            statements.add(new SqlChange.Statement(PresenceTable.DELETE_PUBLICATION,
                    List.<Object>of(publication.entity().uri(), replacedEtag)));
        }
        statements.add(PresenceTable.merge(publication));
        database.write(new SqlChange(statements));
    }

    @Override
    public boolean deletePublication(SipAddress entity, String etag) {
        return database.write(SqlChange.of(PresenceTable.DELETE_PUBLICATION, entity.uri(), etag)) > 0;
    }

    @Override
    public List<PresencePublication> deleteExpired(Instant now) {
        List<PresencePublication> expired = database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + PresenceTable.COLUMNS
                    + " FROM presence_publications WHERE expires_at <= ? ORDER BY entity, updated, etag")) {
                Columns.setInstant(select, 1, now);
                return PresenceTable.toPublications(select);
            }
        });
        if (!expired.isEmpty()) {
            database.write(new SqlChange(expired.stream()
                    .map(p -> new SqlChange.Statement(PresenceTable.DELETE_EXPIRED_PUBLICATION,
                            List.<Object>of(p.entity().uri(), p.etag(), now)))
                    .toList()));
        }
        return expired;
    }

    @Override
    public Map<SipAddress, WatcherPolicy> watcherRules(SipAddress user) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT watcher, policy FROM presence_watcher_rules WHERE presentity = ? ORDER BY watcher")) {
                select.setString(1, user.uri());
                Map<SipAddress, WatcherPolicy> rules = new LinkedHashMap<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        rules.put(SipAddress.parse(row.getString("watcher")),
                                WatcherPolicy.valueOf(row.getString("policy")));
                    }
                }
                return rules;
            }
        });
    }

    @Override
    public Optional<WatcherPolicy> watcherRule(SipAddress user, SipAddress watcher) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT policy FROM presence_watcher_rules WHERE presentity = ? AND watcher = ?")) {
                select.setString(1, user.uri());
                select.setString(2, watcher.uri());
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(WatcherPolicy.valueOf(row.getString("policy")))
                            : Optional.<WatcherPolicy>empty();
                }
            }
        });
    }

    @Override
    public void putWatcherRule(SipAddress user, SipAddress watcher, WatcherPolicy policy) {
        database.write(SqlChange.of(PresenceTable.MERGE_RULE, user.uri(), watcher.uri(), policy.name()));
    }

    @Override
    public boolean deleteWatcherRule(SipAddress user, SipAddress watcher) {
        return database.write(SqlChange.of(PresenceTable.DELETE_RULE, user.uri(), watcher.uri())) > 0;
    }
}
