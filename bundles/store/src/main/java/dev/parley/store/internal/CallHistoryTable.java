package dev.parley.store.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import dev.parley.api.call.CallDirection;
import dev.parley.api.call.CallRecord;
import dev.parley.api.call.EndReason;
import dev.parley.api.common.SipAddress;

/** The call_history table: its columns, row mapping and the changes written to it. */
final class CallHistoryTable {

    static final String COLUMNS = "owner, call_id, direction, caller, callee, started, answered, ended, end_reason";

    private CallHistoryTable() {
    }

    private static final String MERGE = "MERGE INTO call_history (" + COLUMNS + ") KEY (owner, call_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Writes full rows, so a repeated or replayed save of the same (owner, call) leaves one row each. */
    static SqlChange save(List<CallRecord> records) {
        return new SqlChange(records.stream().map(record -> new SqlChange.Statement(MERGE, Arrays.<Object>asList(
                record.owner().uri(), record.callId(), record.direction().name(), record.caller().uri(),
                record.callee().uri(), record.started(), record.answered(), record.ended(),
                record.endReason().name()))).toList());
    }

    static SqlChange delete(SipAddress owner, String callId) {
        return SqlChange.of("DELETE FROM call_history WHERE owner = ? AND call_id = ?", owner.uri(), callId);
    }

    static SqlChange deleteAll(SipAddress owner) {
        return SqlChange.of("DELETE FROM call_history WHERE owner = ?", owner.uri());
    }

    static CallRecord toRecord(ResultSet row) throws SQLException {
        OffsetDateTime answered = row.getObject("answered", OffsetDateTime.class);
        return new CallRecord(row.getString("call_id"), SipAddress.parse(row.getString("owner")),
                CallDirection.valueOf(row.getString("direction")), SipAddress.parse(row.getString("caller")),
                SipAddress.parse(row.getString("callee")), Columns.getInstant(row, "started"),
                answered == null ? null : answered.toInstant(), Columns.getInstant(row, "ended"),
                EndReason.valueOf(row.getString("end_reason")));
    }
}
