// name: V004_01_objection_id
// mode: schema
// returns: none
// params:
// Objections (R-TIME-3), addressed by id.
CREATE CONSTRAINT Objection_id_unique IF NOT EXISTS FOR (n:Objection) REQUIRE n.id IS UNIQUE
