// name: subject_notifications
// mode: read
// returns: many
// params:
//   $subject_id  string  the subject notified
// columns:
//   kind                string
//   entry               string
//   list                string
//   list_type           string
//   record              string?
//   document            string?
//   notified_on         date?
//   at                  datetime
//   basis               string?
//   remedy              string?
//   removal_conditions  string?
//   entry_state         string?
//   confirmed_on        date?
//   statements          list<map>
// What the subject was told of its sanction-list entries (Art. 24 para. 1: basis, reason and
// remedy) and, for a proposed one, the statements it filed and the entry's state now
// (Art. 28 para. 3). Oldest first.
MATCH (:Subject {id: $subject_id})<-[:LISTS]-(e:ListEntry)-[:NOTIFIED]->(n:Notification)
WHERE n.to = $subject_id
CALL (e) {
  OPTIONAL MATCH (e)-[:HAS_STATEMENT]->(st:Statement)
  WITH st ORDER BY st.filed_on, st.at
  RETURN collect(st {.id, .text, .filed_on, .on_time}) AS statements
}
RETURN n.kind AS kind, e.id AS entry, n.list AS list, n.list_type AS list_type,
       n.record AS record, n.document AS document, n.notified_on AS notified_on, n.at AS at,
       n.basis AS basis, n.remedy AS remedy, n.removal_conditions AS removal_conditions,
       e.state AS entry_state, e.confirmed_on AS confirmed_on, statements
ORDER BY notified_on, entry
