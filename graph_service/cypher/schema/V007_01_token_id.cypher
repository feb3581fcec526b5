// name: V007_01_token_id
// mode: schema
// returns: none
// params:
// Tokens are listed and revoked by their id, the first 12 hex digits of their hash (issue 14).
CREATE CONSTRAINT ApiToken_id_unique IF NOT EXISTS FOR (n:ApiToken) REQUIRE n.id IS UNIQUE
