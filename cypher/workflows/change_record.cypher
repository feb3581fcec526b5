// name: change_record
// mode: write
// returns: one
// params:
//   $record_id  string  the record
//   $props      map     properties set (null removes one): workflow dates, marks, corrections
//   $state      string  the record's state afterwards
//   $actor      string  who acts (role and token id)
//   $reason     string  why: the workflow, its decision or document
//   $changes    string  JSON {field: {from, to}} of corrected fields, or null
// Changes a record's state and properties and keeps the change with who, when and why
// (R-TIME-5): the old values of corrected fields stay in the StateChange.
MATCH (r:Record {id: $record_id})
WITH r, r.state AS before
SET r += $props, r.state = $state
CREATE (r)-[:HAS_CHANGE]->(c:StateChange {at: datetime(), by: $actor, from: before,
  to: $state, reason: $reason, changes: $changes})
RETURN c.at AS at
