// name: settle_objection_deadline
// mode: write
// returns: one
// params:
//   $objection_id  string  the objection
//   $deadline      date    the deadline counted on the official calendar now in use
// columns:
//   deadline  date
// Replaces a provisional objection deadline by the official one, keeping the provisional
// day for the record (Art. 40-41; docs/DECISIONS.md).
MATCH (o:Objection {id: $objection_id})
SET o.provisional_deadline = o.deadline, o.deadline = $deadline, o.deadline_provisional = false,
    o.deadline_settled_at = datetime()
RETURN o.deadline AS deadline
