// name: change_record
// mode: write
// returns: one
// params:
//   $record_id  string  the record
//   $props      map     properties set (null removes one): workflow dates, marks, corrections
//   $state      string  the record's state afterwards
// columns:
//   before  string
// Changes a record's state and properties and returns its state before, for the StateChange
// the caller chains with who, when and why (R-TIME-5, graph_service/store/audit.py).
MATCH (r:Record {id: $record_id})
WITH r, r.state AS before
SET r += $props, r.state = $state
RETURN before
