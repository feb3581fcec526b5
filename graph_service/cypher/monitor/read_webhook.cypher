// name: read_webhook
// mode: read
// returns: many
// params:
//   $id  string  the webhook
// columns:
//   id         string
//   url        string
//   owner      string
//   active     boolean
//   delivered  int
//   attempts   int
//   next_at    any
// One webhook (active or not) and its owner.
MATCH (h:Webhook {id: $id})
RETURN h.id AS id, h.url AS url, h.owner AS owner, h.active AS active,
       h.delivered AS delivered, h.attempts AS attempts, h.next_at AS next_at
