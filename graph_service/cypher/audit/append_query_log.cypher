// name: append_query_log
// mode: write
// returns: one
// params:
//   $subjects  list<string>  the subjects the entries are about (all must be known to append)
//   $expected  int           the head's sequence number the entries were chained after
//   $entries   list<map>     the entries' stored properties, chain fields included (seq, digest, hash)
//   $seq       int           the head's sequence number afterwards
//   $hash      string        the head's hash afterwards
//   $seal      string        the head's keyed tag over its sequence number and hash
// columns:
//   appended  boolean
//   seq       int
//   hash      string
//   known     list<string>
// Appends chained query-log entries (R-SEC-3, R-SEC-5) in one statement, optimistically: it
// takes the chain head's write lock (a blind write, so appenders queue rather than deadlock),
// and appends only when the head still ends at $expected and every subject is known;
// otherwise it writes nothing but the lock and returns the head and the known subjects, and
// graph_service/store/audit.py appends again under lock_audit_head. No row (no lock, no write) when no
// subject is known: a refused read leaves the graph as it was. The subject node is only
// read, never written. Only graph_service/store/audit.py runs this; nothing updates entries.
WITH [sid IN $subjects WHERE EXISTS { MATCH (:Subject {id: sid}) }] AS known
WHERE size(known) > 0
MERGE (h:AuditHead {chain: 'QueryLog'})
  ON CREATE SET h.seq = 0, h.hash = ''
SET h.locked_at = datetime()
WITH h, known, h.seq = $expected AND size(known) = size($subjects) AS appended
FOREACH (e IN CASE WHEN appended THEN $entries ELSE [] END |
  CREATE (q:QueryLog)
  SET q = e)
FOREACH (_ IN CASE WHEN appended THEN [1] ELSE [] END |
  SET h.seq = $seq, h.hash = $hash, h.seal = $seal)
RETURN appended, h.seq AS seq, h.hash AS hash, known
