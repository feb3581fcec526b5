// name: lock_entry
// mode: write
// returns: one
// params:
//   $entry_id  string  the list entry a workflow acts on
// columns:
//   id              string
//   state           string
//   listed_at       date
//   effective_from  date?
//   list            string
//   list_type       string
//   subject         string
//   notified_on     date?
//   statements      int
// Takes the entry's write lock (a blind write, as lock_record) and returns what the statement
// and confirmation workflows check: state, listing and effect days, list, subject, the day it
// was notified of the proposal (Art. 24 para. 1, 28 para. 3) and its statements.
MATCH (e:ListEntry {id: $entry_id})
SET e.workflow_at = datetime()
WITH e
OPTIONAL MATCH (e)-[:ON]->(l:List)
OPTIONAL MATCH (e)-[:LISTS]->(s:Subject)
CALL (e) {
  OPTIONAL MATCH (e)-[:NOTIFIED]->(n:Notification {kind: 'PROPOSED_LISTING'})
  RETURN min(n.notified_on) AS notified_on
}
CALL (e) {
  OPTIONAL MATCH (e)-[:HAS_STATEMENT]->(st:Statement)
  RETURN count(st) AS statements
}
RETURN e.id AS id, e.state AS state, e.listed_at AS listed_at,
       e.effective_from AS effective_from, l.id AS list,
       l.type AS list_type, s.id AS subject, notified_on, statements
