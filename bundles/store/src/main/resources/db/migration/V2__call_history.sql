-- Call history: one row per (owner, call), written when the call ended. owner/caller/callee are sip:user@domain.
CREATE TABLE IF NOT EXISTS call_history (
    owner      VARCHAR(330) NOT NULL,
    call_id    VARCHAR(200) NOT NULL,
    direction  VARCHAR(16)  NOT NULL,
    caller     VARCHAR(330) NOT NULL,
    callee     VARCHAR(330) NOT NULL,
    started    TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    answered   TIMESTAMP(3) WITH TIME ZONE,
    ended      TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    end_reason VARCHAR(32)  NOT NULL,
    PRIMARY KEY (owner, call_id)
);

CREATE INDEX IF NOT EXISTS call_history_owner_started ON call_history (owner, started);
