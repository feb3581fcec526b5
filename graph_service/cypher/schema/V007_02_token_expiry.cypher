// name: V007_02_token_expiry
// mode: schema
// returns: none
// params:
// Tokens created before V007 get their id and an expiry 90 days (the default lifetime) after
// this migration, not after their creation: an upgrade never locks anyone out at once.
MATCH (t:ApiToken) WHERE t.id IS NULL OR t.expires_at IS NULL
SET t.id = coalesce(t.id, substring(t.hash, 0, 12)),
    t.expires_at = coalesce(t.expires_at, datetime() + duration('P90D'))
