// name: V004_04_deletion_id
// mode: schema
// returns: none
// params:
// Logged deletions of positive records (R-TIME-2, R-TIME-5), addressed by id.
CREATE CONSTRAINT Deletion_id_unique IF NOT EXISTS FOR (n:Deletion) REQUIRE n.id IS UNIQUE
