// name: delete_positive_record
// mode: write
// returns: one
// params:
//   $record_id  string  the positive record deleted at the subject's request
//   $id         string  the new deletion log entry's id
//   $reason     string  why (the request)
//   $what       string  what the provider is told (ids only, no content)
//   $actor      string  who acts (role and token id)
// columns:
//   id         string
//   record_id  string
//   at         datetime
//   by         string
//   reason     string
// Art. 43 para. 1 (R-TIME-2): physically removes a positive record with its workflow
// nodes, tells the provider, and logs the deletion without any of the deleted content
// (R-TIME-5): the log keeps only the record id, when, who and why. Its history was emptied
// first (audit.redact_changes) and stays, detached, in the audit chain.
MATCH (r:Positive {id: $record_id})
OPTIONAL MATCH (s:Subject)-[:HAS_RECORD]->(r)
OPTIONAL MATCH (r)-[:PROVIDED_BY]->(a:Authority)
CREATE (d:Deletion {id: $id, record_id: r.id, at: datetime(), by: $actor, reason: $reason})
CREATE (d)-[:NOTIFIED]->(:Notification {to: coalesce(a.code, 'provider'), at: datetime(),
  what: $what})
FOREACH (_ IN CASE WHEN s IS NULL THEN [] ELSE [1] END | CREATE (s)-[:HAS_DELETION]->(d))
WITH r, d
CALL (r) {
  OPTIONAL MATCH (w)-[:ON_RECORD]->(r)
  OPTIONAL MATCH (w)-[:PAUSED_BY|NOTIFIED]->(x)
  WITH collect(DISTINCT w) + collect(DISTINCT x) AS gone
  FOREACH (n IN gone | DETACH DELETE n)
}
DETACH DELETE r
RETURN d.id AS id, d.record_id AS record_id, d.at AS at, d.by AS by, d.reason AS reason
