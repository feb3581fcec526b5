// name: change_entry
// mode: write
// returns: one
// params:
//   $entry_id  string  the list entry
//   $props     map     properties set: the confirmation day and reasons
//   $state     string  the entry's state afterwards
//   $actor     string  who acts (role and token id)
//   $reason    string  why: the workflow and its decision
// Changes a list entry's state and keeps the change with who, when and why (R-TIME-5), as
// change_record does for records; set_entry_effect then decides from when it takes effect.
MATCH (e:ListEntry {id: $entry_id})
WITH e, e.state AS before
SET e += $props, e.state = $state
CREATE (e)-[:HAS_CHANGE]->(c:StateChange {at: datetime(), by: $actor, from: before,
  to: $state, reason: $reason, changes: null})
RETURN c.at AS at
