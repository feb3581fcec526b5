// name: V006_02_query_log_seq
// mode: schema
// returns: none
// params:
// Query-log entries walked in chain order by `graph-service audit verify` (R-SEC-5). Not a
// uniqueness constraint: a duplicated number is tampering the walk reports, not a reason for
// the next read's log write to fail.
CREATE INDEX QueryLog_seq IF NOT EXISTS FOR (n:QueryLog) ON (n.seq)
