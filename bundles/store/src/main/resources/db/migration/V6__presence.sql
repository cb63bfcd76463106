-- Presence publications (RFC 3903): one row per (entity, entity tag); document is the PIDF as published.
CREATE TABLE IF NOT EXISTS presence_publications (
    entity      VARCHAR(330)  NOT NULL,
    etag        VARCHAR(64)   NOT NULL,
    origin      VARCHAR(8)    NOT NULL,
    document    VARCHAR(1000000) NOT NULL,
    expires_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    updated     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (entity, etag)
);

CREATE INDEX IF NOT EXISTS presence_publications_expires_at ON presence_publications (expires_at);

-- Each user's explicit rules for watchers (ALLOW or BLOCK), overriding the same-domain default.
CREATE TABLE IF NOT EXISTS presence_watcher_rules (
    presentity  VARCHAR(330)  NOT NULL,
    watcher     VARCHAR(330)  NOT NULL,
    policy      VARCHAR(8)    NOT NULL,
    PRIMARY KEY (presentity, watcher)
);
