// name: V010_01_watch_id
// mode: schema
// returns: none
// params:
// Watches (issue 15) are addressed by id.
CREATE CONSTRAINT Watch_id_unique IF NOT EXISTS FOR (n:Watch) REQUIRE n.id IS UNIQUE
