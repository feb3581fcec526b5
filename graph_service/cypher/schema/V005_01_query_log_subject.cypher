// name: V005_01_query_log_subject
// mode: schema
// returns: none
// params:
// Query-log entries found by the subject they are about (R-SEC-3): an index on the id they
// carry, in place of a link to the subject node (V005_02).
CREATE INDEX QueryLog_subject IF NOT EXISTS FOR (n:QueryLog) ON (n.subject)
