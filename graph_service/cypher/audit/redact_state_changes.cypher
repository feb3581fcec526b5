// name: redact_state_changes
// mode: write
// returns: many
// params:
//   $record_id    string  the positive record deleted at the subject's request
//   $deletion_id  string  the deletion that redacts them
// columns:
//   seq  int
// Art. 43 para. 1 (R-TIME-2, R-TIME-5): the history of a record deleted on request keeps no
// content, yet its entries keep their place in the chain: each keeps only its sequence
// number, its content digest, its hash, the record id and the deletion that emptied it.
MATCH (:Record {id: $record_id})-[:HAS_CHANGE]->(c:StateChange)
SET c = {seq: c.seq, digest: c.digest, hash: c.hash, node: $record_id,
         redacted_by: $deletion_id}
RETURN c.seq AS seq
ORDER BY seq
