// name: create_repair
// mode: write
// returns: one
// params:
//   $record_id    string  the record
//   $id           string  the new repair's id
//   $kind         string  REPAIR (completed) or GRACE (a grace period granted)
//   $method       string? the Art. 45 method, or null for a grace period
//   $evidence     string? the evidence, or the grounds for a grace period
//   $repaired_on  date?   the day the repair takes effect, or null
//   $grace_until  date?   the last day of a grace period, or null
//   $granted_on   date?   the day a grace period was granted, or null
//   $notify_to    string? who is told of the removal (Art. 45 para. 2), or null
//   $notify_what  string? what they are told, or null
//   $actor        string  who records it (role and token id)
// columns:
//   id            string
//   notification  map?
// Records a credit repair or a grace period for repair (Art. 45, R-TIME-4) and, for a
// repair, the notice that shares the removal with the connected authorities.
MATCH (r:Record {id: $record_id})
CREATE (p:Repair {id: $id, kind: $kind, method: $method, evidence: $evidence,
  repaired_on: $repaired_on, grace_until: $grace_until, granted_on: $granted_on,
  at: datetime(), by: $actor})
  -[:ON_RECORD]->(r)
FOREACH (_ IN CASE WHEN $notify_what IS NULL THEN [] ELSE [1] END |
  CREATE (p)-[:NOTIFIED]->(:Notification {to: $notify_to, at: datetime(), what: $notify_what}))
WITH p
OPTIONAL MATCH (p)-[:NOTIFIED]->(n:Notification)
RETURN p.id AS id, n {.to, .at, .what} AS notification
