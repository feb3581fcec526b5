// name: V011_03_commitment_id
// mode: schema
// returns: none
// params:
// Credit commitments (Art. 33), addressed by id.
CREATE CONSTRAINT Commitment_id_unique IF NOT EXISTS FOR (n:Commitment) REQUIRE n.id IS UNIQUE
