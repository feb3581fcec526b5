// name: V001_02_record_id
// mode: schema
// returns: none
// params:
// Records are addressed by their provider-given id.
CREATE CONSTRAINT Record_id_unique IF NOT EXISTS FOR (n:Record) REQUIRE n.id IS UNIQUE
