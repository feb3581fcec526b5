// name: V010_03_event_id
// mode: schema
// returns: none
// params:
// Watch events are read in id order (GET /v1/events?after=).
CREATE CONSTRAINT WatchEvent_id_unique IF NOT EXISTS FOR (n:WatchEvent) REQUIRE n.id IS UNIQUE
