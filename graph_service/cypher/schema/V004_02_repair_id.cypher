// name: V004_02_repair_id
// mode: schema
// returns: none
// params:
// Repairs and grace periods (R-TIME-4), addressed by id.
CREATE CONSTRAINT Repair_id_unique IF NOT EXISTS FOR (n:Repair) REQUIRE n.id IS UNIQUE
