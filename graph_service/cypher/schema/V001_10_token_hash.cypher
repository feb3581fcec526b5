// name: V001_10_token_hash
// mode: schema
// returns: none
// params:
// API tokens, stored as SHA-256 hashes only.
CREATE CONSTRAINT ApiToken_hash_unique IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.hash IS UNIQUE
