// name: read_audit_heads
// mode: read
// returns: one
// params:
// columns:
//   query_logs     int
//   state_changes  int
//   heads          list<map>
// Each chain's head, and how many entries carry each label, chained or not: more entries
// than the walk finds means one was inserted without a sequence number (R-SEC-5).
CALL () {
  MATCH (n:QueryLog)
  RETURN count(n) AS query_logs
}
CALL () {
  MATCH (n:StateChange)
  RETURN count(n) AS state_changes
}
OPTIONAL MATCH (h:AuditHead)
RETURN query_logs, state_changes,
       collect(h {.chain, .seq, .hash, .seal}) AS heads
