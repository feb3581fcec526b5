// name: V001_01_subject_id
// mode: schema
// returns: none
// params:
// Each credit subject has one stable identifier (R-SUBJ-1).
CREATE CONSTRAINT Subject_id_unique IF NOT EXISTS FOR (n:Subject) REQUIRE n.id IS UNIQUE
