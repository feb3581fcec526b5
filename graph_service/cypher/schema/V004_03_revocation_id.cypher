// name: V004_03_revocation_id
// mode: schema
// returns: none
// params:
// Revocations and changes (R-TIME-2), addressed by id.
CREATE CONSTRAINT Revocation_id_unique IF NOT EXISTS FOR (n:Revocation) REQUIRE n.id IS UNIQUE
