// name: append_query_log
// mode: write
// returns: none
// params:
//   $entries  list<map>  the entries' stored properties, chain fields included (seq, digest, hash)
//   $seq      int        the head's sequence number afterwards
//   $hash     string     the head's hash afterwards
//   $seal     string     the head's keyed tag over its sequence number and hash
// Appends chained query-log entries (R-SEC-3, R-SEC-5), one per known subject, carrying the
// subject's id: the subject node is only read, never written, so concurrent reads of it go
// on undisturbed. Only graph_service/store/audit.py runs this; nothing updates the entries.
UNWIND $entries AS e
CREATE (q:QueryLog)
SET q = e
WITH count(q) AS appended
MATCH (h:AuditHead {chain: 'QueryLog'})
SET h.seq = $seq, h.hash = $hash, h.seal = $seal
