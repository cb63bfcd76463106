-- Voicemail: message metadata (the WAV files live under the voicemail bundle's directory) and per-mailbox settings.
CREATE TABLE IF NOT EXISTS voicemail_messages (
    owner       VARCHAR(330) NOT NULL,
    id          VARCHAR(64)  NOT NULL,
    caller      VARCHAR(330) NOT NULL,
    received    TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    duration_ms BIGINT       NOT NULL,
    urgent      BOOLEAN      NOT NULL,
    heard       BOOLEAN      NOT NULL,
    PRIMARY KEY (owner, id)
);

CREATE INDEX IF NOT EXISTS voicemail_messages_owner_received ON voicemail_messages (owner, received);

-- enabled NULL: no settings saved (the configured defaults apply); no_answer_ms NULL: the call service's timeout.
CREATE TABLE IF NOT EXISTS voicemail_mailboxes (
    owner        VARCHAR(330) NOT NULL PRIMARY KEY,
    enabled      BOOLEAN,
    no_answer_ms BIGINT,
    last_checked TIMESTAMP(3) WITH TIME ZONE
);
