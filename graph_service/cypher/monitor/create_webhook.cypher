// name: create_webhook
// mode: write
// returns: one
// params:
//   $id      string  a new webhook id
//   $url     string  the receiver (its host allowed by GRAPH_SERVICE_WEBHOOK_HOSTS)
//   $secret  string  the HMAC-SHA256 key of the signature
//   $owner   string  the caller: its watches' events are delivered
//   $role    string  the caller's role (admin: every event)
// columns:
//   id          string
//   url         string
//   created_at  datetime
//   delivered   int
// A webhook; it starts after the newest event, so only events from now on are delivered.
OPTIONAL MATCH (seq:Sequence {name: 'watch_events'})
CREATE (h:Webhook {id: $id, url: $url, secret: $secret, owner: $owner, role: $role,
                   created_at: datetime(), delivered: coalesce(seq.last, 0), active: true,
                   attempts: 0, next_at: null})
RETURN h.id AS id, h.url AS url, h.created_at AS created_at, h.delivered AS delivered
