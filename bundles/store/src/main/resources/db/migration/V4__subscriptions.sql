-- Event subscriptions (RFC 6665): one row per subscription. The dialog columns are null for subscriptions Parley
-- holds itself on behalf of a user (owner = the outgoing subscription's id); route_set holds one route per line.
CREATE TABLE IF NOT EXISTS subscriptions (
    id             VARCHAR(64)   NOT NULL PRIMARY KEY,
    event_package  VARCHAR(100)  NOT NULL,
    subscriber     VARCHAR(330)  NOT NULL,
    resource       VARCHAR(330)  NOT NULL,
    state          VARCHAR(16)   NOT NULL,
    expires_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    notify_count   BIGINT        NOT NULL,
    call_id        VARCHAR(1024),
    local_address  VARCHAR(4096),
    local_tag      VARCHAR(256),
    remote_address VARCHAR(4096),
    remote_tag     VARCHAR(256),
    remote_target  VARCHAR(4096),
    route_set      VARCHAR(16000),
    transport      VARCHAR(16),
    local_cseq     BIGINT        NOT NULL,
    remote_cseq    BIGINT        NOT NULL,
    event_id       VARCHAR(256),
    owner          VARCHAR(64)
);

CREATE INDEX IF NOT EXISTS subscriptions_resource ON subscriptions (event_package, resource);
