-- Instant messages (RFC 3428): the conversation history and the store-and-forward queue in one table.
-- seq orders messages as Parley accepted them; state is STORED until delivered, failed or expired.
-- next_attempt: when a STORED message is retried; NULL while it waits for the recipient to register.
CREATE TABLE IF NOT EXISTS messages (
    id            VARCHAR(64)   NOT NULL PRIMARY KEY,
    seq           BIGINT        NOT NULL,
    sender        VARCHAR(330)  NOT NULL,
    recipient     VARCHAR(330)  NOT NULL,
    content_type  VARCHAR(255)  NOT NULL,
    body          VARCHAR(1000000) NOT NULL,
    received_at   TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    state         VARCHAR(16)   NOT NULL,
    is_read       BOOLEAN       NOT NULL,
    state_changed TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    failure       VARCHAR(1000),
    attempts      INT           NOT NULL,
    next_attempt  TIMESTAMP(3) WITH TIME ZONE,
    expires_at    TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS messages_seq ON messages (seq);
CREATE INDEX IF NOT EXISTS messages_sender ON messages (sender, recipient, seq);
CREATE INDEX IF NOT EXISTS messages_recipient ON messages (recipient, sender, seq);
CREATE INDEX IF NOT EXISTS messages_pending ON messages (state, next_attempt);
CREATE INDEX IF NOT EXISTS messages_expiry ON messages (state, expires_at);
