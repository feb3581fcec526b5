// name: lock_audit_head
// mode: write
// returns: one
// params:
//   $chain     string        the chain appended to: QueryLog or StateChange
//   $subjects  list<string>  the query log's subjects (only known ones are logged), or []
// columns:
//   seq    int
//   hash   string
//   known  list<string>
// Takes the chain head's write lock until the transaction ends (a blind write, so two
// appenders queue rather than deadlock) and returns the last sequence number and hash, so
// that concurrent appends form one chain (R-SEC-3, R-TIME-5); the head is created on first
// use. With $subjects, also returns the known ones, and no row (no lock, no write) when
// none is known: a refused read leaves the graph as it was.
WITH [sid IN $subjects WHERE EXISTS { MATCH (:Subject {id: sid}) }] AS known
WHERE size(known) > 0 OR size($subjects) = 0
MERGE (h:AuditHead {chain: $chain})
  ON CREATE SET h.seq = 0, h.hash = ''
SET h.locked_at = datetime()
RETURN h.seq AS seq, h.hash AS hash, known
