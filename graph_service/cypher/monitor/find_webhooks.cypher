// name: find_webhooks
// mode: read
// returns: many
// params:
//   $owner  string?  the caller, or null for every webhook (the credit office, the deliverer)
// columns:
//   id          string
//   url         string
//   secret      string
//   owner       string
//   role        string
//   created_at  datetime
//   delivered   int
//   attempts    int
//   next_at     datetime?
// Active webhooks with their delivery cursor and retry state.
MATCH (h:Webhook)
WHERE h.active AND ($owner IS NULL OR h.owner = $owner)
RETURN h.id AS id, h.url AS url, h.secret AS secret, h.owner AS owner, h.role AS role,
       h.created_at AS created_at, h.delivered AS delivered, h.attempts AS attempts,
       h.next_at AS next_at
ORDER BY created_at, id
