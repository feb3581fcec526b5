// name: change_entry
// mode: write
// returns: one
// params:
//   $entry_id  string  the list entry
//   $props     map     properties set: the confirmation day and reasons
//   $state     string  the entry's state afterwards
// columns:
//   before  string
// Changes a list entry's state and returns its state before, for the StateChange the caller
// chains with who, when and why (R-TIME-5, graph_service/store/audit.py), as change_record
// does for records; set_entry_effect then decides from when it takes effect.
MATCH (e:ListEntry {id: $entry_id})
WITH e, e.state AS before
SET e += $props, e.state = $state
RETURN before
