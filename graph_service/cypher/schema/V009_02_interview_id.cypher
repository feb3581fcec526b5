// name: V009_02_interview_id
// mode: schema
// returns: none
// params:
// Interviews (Art. 44), addressed by id.
CREATE CONSTRAINT Interview_id_unique IF NOT EXISTS FOR (n:Interview) REQUIRE n.id IS UNIQUE
