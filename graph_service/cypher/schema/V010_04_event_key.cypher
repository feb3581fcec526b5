// name: V010_04_event_key
// mode: schema
// returns: none
// params:
// An event is never emitted twice: its key is the watch and the state version it ends.
CREATE CONSTRAINT WatchEvent_key_unique IF NOT EXISTS FOR (n:WatchEvent) REQUIRE n.key IS UNIQUE
