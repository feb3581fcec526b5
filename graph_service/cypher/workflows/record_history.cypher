// name: record_history
// mode: read
// returns: one
// params:
//   $record_id  string  the record
// columns:
//   state    string?
//   subject  string?
//   changes  list<map>
// Every state change of the record and of the list entries based on it, with who, when,
// why and the old values of corrected fields (R-TIME-5); the caller orders them.
MATCH (r:Record {id: $record_id})
OPTIONAL MATCH (s:Subject)-[:HAS_RECORD]->(r)
CALL (r) {
  OPTIONAL MATCH (r)-[:HAS_CHANGE]->(c:StateChange)
  RETURN collect(c {node: r.id, node_type: 'record', .at, .by, .from, .to, .reason,
                    .changes}) AS own
}
CALL (r) {
  OPTIONAL MATCH (e:ListEntry)-[:BASED_ON]->(r)
  OPTIONAL MATCH (e)-[:HAS_CHANGE]->(c:StateChange)
  RETURN collect(c {node: e.id, node_type: 'entry', .at, .by, .from, .to, .reason,
                    .changes}) AS entries
}
RETURN r.state AS state, s.id AS subject, own + entries AS changes
