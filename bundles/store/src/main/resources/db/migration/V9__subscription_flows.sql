-- The flow of each subscription's dialog (RFC 5626): the transport and host:port the SUBSCRIBE came from, where
-- NOTIFYs go (a NATed or WebSocket subscriber). NULL: to the remote target.
ALTER TABLE subscriptions ADD COLUMN IF NOT EXISTS flow_transport VARCHAR(16);
ALTER TABLE subscriptions ADD COLUMN IF NOT EXISTS flow_source VARCHAR(300);
