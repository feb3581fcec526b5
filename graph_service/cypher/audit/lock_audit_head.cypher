// name: lock_audit_head
// mode: write
// returns: one
// params:
//   $chain  string  the chain appended to: StateChange or QueryLog
// columns:
//   seq   int
//   hash  string
// Takes the chain head's write lock until the transaction ends (a blind write, so two
// appenders queue rather than deadlock) and returns the last sequence number and hash, so
// that concurrent appends form one chain (R-SEC-3, R-TIME-5); the head is created on first
// use. The query log takes it only when its optimistic append_query_log was refused.
MERGE (h:AuditHead {chain: $chain})
  ON CREATE SET h.seq = 0, h.hash = ''
SET h.locked_at = datetime()
RETURN h.seq AS seq, h.hash AS hash
