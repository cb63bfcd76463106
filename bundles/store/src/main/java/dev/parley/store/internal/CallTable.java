package dev.parley.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.parley.api.common.SipAddress;
import dev.parley.store.StoredCall;
import dev.parley.store.StoredCallLeg;

/** The active_calls and active_call_legs tables: row mapping and the changes written to them. */
final class CallTable {

    static final String CALLER_SIDE = "A";
    static final String CALLEE_SIDE = "B";

    private static final String LEG_COLUMNS = "call_id, side, sip_call_id, local_address, local_tag, remote_address,"
            + " remote_tag, remote_target, route_set, transport, local_cseq, remote_cseq, local_sdp, flow_transport,"
            + " flow_source";
    private static final String MERGE_LEG = "MERGE INTO active_call_legs (" + LEG_COLUMNS
            + ") KEY (call_id, side) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private CallTable() {
    }

    /** The call row and both leg rows, as full rows: replaying it gives the same result. */
    static SqlChange save(StoredCall call) {
        return new SqlChange(List.of(
                new SqlChange.Statement("MERGE INTO active_calls (id, caller, callee, state, started, answered)"
                        + " KEY (id) VALUES (?, ?, ?, ?, ?, ?)",
                        List.of(call.id(), call.caller().uri(), call.callee().uri(), call.state(), call.started(),
                                call.answered())),
                new SqlChange.Statement(MERGE_LEG, legParameters(call.id(), CALLER_SIDE, call.callerLeg())),
                new SqlChange.Statement(MERGE_LEG, legParameters(call.id(), CALLEE_SIDE, call.calleeLeg()))));
    }

    static SqlChange delete(String callId) {
        return new SqlChange(List.of(
                new SqlChange.Statement("DELETE FROM active_call_legs WHERE call_id = ?", List.of(callId)),
                new SqlChange.Statement("DELETE FROM active_calls WHERE id = ?", List.of(callId))));
    }

    private static List<Object> legParameters(String callId, String side, StoredCallLeg leg) {
        List<Object> parameters = new ArrayList<>(List.of(callId, side, leg.sipCallId(), leg.localAddress(),
                leg.localTag(), leg.remoteAddress(), leg.remoteTag(), leg.remoteTarget(),
                Columns.encodePath(leg.routeSet()), leg.transport(), leg.localCSeq(), leg.remoteCSeq()));
        parameters.add(leg.localSdp()); // these three may be null
        parameters.add(leg.flowTransport());
        parameters.add(leg.flowSource());
        return parameters;
    }

    static List<StoredCall> all(Connection connection) throws SQLException {
        Map<String, StoredCallLeg> legs = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + LEG_COLUMNS + " FROM active_call_legs");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                legs.put(row.getString("call_id") + '\n' + row.getString("side"), toLeg(row));
            }
        }
        List<StoredCall> calls = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, caller, callee, state, started, answered FROM active_calls ORDER BY started, id");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                String id = row.getString("id");
                StoredCallLeg callerLeg = legs.get(id + '\n' + CALLER_SIDE);
                StoredCallLeg calleeLeg = legs.get(id + '\n' + CALLEE_SIDE);
                if (callerLeg != null && calleeLeg != null) {
                    calls.add(new StoredCall(id, SipAddress.parse(row.getString("caller")),
                            SipAddress.parse(row.getString("callee")), row.getString("state"),
                            Columns.getInstant(row, "started"), Columns.getInstant(row, "answered"), callerLeg,
                            calleeLeg));
                }
            }
        }
        return calls;
    }

    private static StoredCallLeg toLeg(ResultSet row) throws SQLException {
        return new StoredCallLeg(row.getString("sip_call_id"), row.getString("local_address"),
                row.getString("local_tag"), row.getString("remote_address"), row.getString("remote_tag"),
                row.getString("remote_target"), Columns.decodePath(row.getString("route_set")),
                row.getString("transport"), row.getLong("local_cseq"), row.getLong("remote_cseq"),
                row.getString("local_sdp"), row.getString("flow_transport"), row.getString("flow_source"));
    }
}
