-- The flow of each call leg (RFC 5626): the transport and host:port its peer's REGISTER or INVITE came from, where
-- Parley's requests in the dialog go (a NATed phone, a WebSocket client). NULL: to the remote target.
ALTER TABLE active_call_legs ADD COLUMN IF NOT EXISTS flow_transport VARCHAR(16);
ALTER TABLE active_call_legs ADD COLUMN IF NOT EXISTS flow_source VARCHAR(300);
