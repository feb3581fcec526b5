// name: V005_02_query_log_subject_ids
// mode: schema
// returns: none
// params:
// Entries written before V005 were linked to their subject by ABOUT; they get its id, and the
// link goes. Appending an entry then never writes to the subject node, so a read traversing
// the subject's links (screening, a neighbourhood) is never invalidated by the log entry of
// a concurrent read (Neo.TransientError.Transaction.Outdated). Nothing else changes in them.
// Committed every 10,000 entries (schema files run in auto-commit transactions).
MATCH (s:Subject)<-[about:ABOUT]-(q:QueryLog)
CALL (s, about, q) {
  SET q.subject = s.id
  DELETE about
} IN TRANSACTIONS OF 10000 ROWS
