// name: lock_audit_head
// mode: write
// returns: one
// params:
//   $chain     string        the chain appended to: QueryLog or StateChange
//   $subjects  list<string>  subject ids whose existence the caller needs, or []
// Takes the chain head's write lock until the transaction ends (a blind write, so two
// appenders queue rather than deadlock) and returns the last sequence number and hash, so
// that concurrent appends form one chain (R-SEC-3, R-TIME-5). The head is created on first
// use. Also returns which of $subjects exist (the query log logs known subjects only).
MERGE (h:AuditHead {chain: $chain})
  ON CREATE SET h.seq = 0, h.hash = ''
SET h.locked_at = datetime()
RETURN h.seq AS seq, h.hash AS hash,
       [sid IN $subjects WHERE EXISTS { MATCH (:Subject {id: sid}) }] AS known
