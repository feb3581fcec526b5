// name: read_events
// mode: read
// returns: many
// params:
//   $after  integer  the last event id the caller has (0 for the start)
//   $limit  integer  the most events returned
//   $owner  string?   the caller, or null for every event (the credit office)
// columns:
//   id            int
//   watch         string
//   subject       string
//   matter        string
//   owner         string
//   before        string
//   after         string
//   at            datetime
//   cause         string
//   restrictions  string
// The events after a cursor, in id order (GET /v1/events, webhook deliveries).
MATCH (e:WatchEvent)
WHERE e.id > $after AND ($owner IS NULL OR e.owner = $owner)
RETURN e.id AS id, e.watch AS watch, e.subject AS subject, e.matter AS matter,
       e.owner AS owner, e.before AS before, e.after AS after, e.at AS at, e.cause AS cause,
       e.restrictions AS restrictions
ORDER BY id
LIMIT $limit
