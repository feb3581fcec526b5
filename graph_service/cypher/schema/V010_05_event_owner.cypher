// name: V010_05_event_owner
// mode: schema
// returns: none
// params:
// A caller's events in id order: owner equality, then the id range after the cursor.
CREATE INDEX WatchEvent_owner_id IF NOT EXISTS FOR (n:WatchEvent) ON (n.owner, n.id)
