package dev.parley.store.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.parley.api.common.SipAddress;
import dev.parley.api.event.Subscription;
import dev.parley.api.event.SubscriptionState;
import dev.parley.store.StoredSubscription;
import dev.parley.store.SubscriptionDialog;

/** The subscriptions table: its columns, row mapping and the statements written to it. */
final class SubscriptionTable {

    static final String COLUMNS = "id, event_package, subscriber, resource, state, expires_at, notify_count,"
            + " call_id, local_address, local_tag, remote_address, remote_tag, remote_target, route_set, transport,"
            + " local_cseq, remote_cseq, event_id, owner, flow_transport, flow_source";

    private static final String MERGE = "MERGE INTO subscriptions (" + COLUMNS
            + ") KEY (id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private SubscriptionTable() {
    }

    /** A full-row MERGE: idempotent on replay. */
    static SqlChange.Statement merge(StoredSubscription stored) {
        Subscription subscription = stored.subscription();
        SubscriptionDialog dialog = stored.dialog();
        return new SqlChange.Statement(MERGE, Arrays.asList(subscription.id(), subscription.eventPackage(),
                subscription.subscriber().uri(), subscription.resource().uri(), subscription.state().name(),
                subscription.expiresAt(), subscription.notifyCount(),
                dialog == null ? null : dialog.callId(), dialog == null ? null : dialog.localAddress(),
                dialog == null ? null : dialog.localTag(), dialog == null ? null : dialog.remoteAddress(),
                dialog == null ? null : dialog.remoteTag(), dialog == null ? null : dialog.remoteTarget(),
                dialog == null ? null : Columns.encodePath(dialog.routeSet()), dialog == null ? null : dialog.transport(),
                stored.localCseq(), stored.remoteCseq(), stored.eventId(), stored.owner(),
                dialog == null ? null : dialog.flowTransport(), dialog == null ? null : dialog.flowSource()));
    }

    static List<StoredSubscription> toSubscriptions(PreparedStatement select) throws SQLException {
        List<StoredSubscription> result = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                Subscription subscription = new Subscription(row.getString("id"), row.getString("event_package"),
                        SipAddress.parse(row.getString("subscriber")), SipAddress.parse(row.getString("resource")),
                        SubscriptionState.valueOf(row.getString("state")), Columns.getInstant(row, "expires_at"),
                        row.getLong("notify_count"));
                String callId = row.getString("call_id");
                SubscriptionDialog dialog = callId == null ? null
                        : new SubscriptionDialog(callId, row.getString("local_address"), row.getString("local_tag"),
                                row.getString("remote_address"), row.getString("remote_tag"),
                                row.getString("remote_target"), Columns.decodePath(row.getString("route_set")),
                                row.getString("transport"), row.getString("flow_transport"),
                                row.getString("flow_source"));
                result.add(new StoredSubscription(subscription, dialog, row.getLong("local_cseq"),
                        row.getLong("remote_cseq"), row.getString("event_id"), row.getString("owner")));
            }
        }
        return result;
    }
}
