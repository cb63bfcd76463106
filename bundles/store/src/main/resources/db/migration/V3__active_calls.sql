-- Answered calls of the B2BUA and the dialog state of their two legs (side 'A': the caller, 'B': the callee), so
-- in-dialog requests are still relayed after a restart. Deleted when the call ends. route_set: one value per line.
CREATE TABLE IF NOT EXISTS active_calls (
    id       VARCHAR(200) NOT NULL PRIMARY KEY,
    caller   VARCHAR(330) NOT NULL,
    callee   VARCHAR(330) NOT NULL,
    state    VARCHAR(32)  NOT NULL,
    started  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    answered TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

CREATE TABLE IF NOT EXISTS active_call_legs (
    call_id        VARCHAR(200)   NOT NULL,
    side           CHAR(1)        NOT NULL,
    sip_call_id    VARCHAR(1024)  NOT NULL,
    local_address  VARCHAR(4096)  NOT NULL,
    local_tag      VARCHAR(256)   NOT NULL,
    remote_address VARCHAR(4096)  NOT NULL,
    remote_tag     VARCHAR(256)   NOT NULL,
    remote_target  VARCHAR(4096)  NOT NULL,
    route_set      VARCHAR(16000) NOT NULL,
    transport      VARCHAR(16)    NOT NULL,
    local_cseq     BIGINT         NOT NULL,
    remote_cseq    BIGINT         NOT NULL,
    local_sdp      CLOB,
    PRIMARY KEY (call_id, side)
);
