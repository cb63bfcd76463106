-- Accounts: one row per address of record; the password is kept only as its two digest HA1 values.
CREATE TABLE IF NOT EXISTS accounts (
    domain       VARCHAR(253) NOT NULL,
    username     VARCHAR(64)  NOT NULL,
    display_name VARCHAR(1000) NOT NULL,
    ha1_md5      CHAR(32)     NOT NULL,
    ha1_sha256   CHAR(64)     NOT NULL,
    enabled      BOOLEAN      NOT NULL,
    created      TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    updated      TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (domain, username)
);

-- Registrar bindings: one row per (address of record, contact). path holds the Path values, one per line.
CREATE TABLE IF NOT EXISTS bindings (
    aor         VARCHAR(330)  NOT NULL,
    contact     VARCHAR(4096) NOT NULL,
    expires_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    q           REAL          NOT NULL,
    call_id     VARCHAR(1024) NOT NULL,
    cseq        BIGINT        NOT NULL,
    transport   VARCHAR(16)   NOT NULL,
    source      VARCHAR(300)  NOT NULL,
    path        VARCHAR(16000) NOT NULL,
    instance_id VARCHAR(1024),
    reg_id      INT           NOT NULL,
    user_agent  VARCHAR(1024),
    updated     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (aor, contact)
);

CREATE INDEX IF NOT EXISTS bindings_expires_at ON bindings (expires_at);
