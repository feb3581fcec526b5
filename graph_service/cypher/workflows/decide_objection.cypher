// name: decide_objection
// mode: write
// returns: one
// params:
//   $objection_id  string  the objection
//   $outcome       string  UPHELD or REJECTED
//   $reasons       string  the office's reasons (Art. 41 para. 2)
//   $decided_on    date    the day of the decision
//   $actor         string  who decides (role and token id)
// columns:
//   on_time  boolean
// Closes an open objection with its outcome and whether the deadline was kept (R-TIME-3);
// the caller removes the mark and corrects the record.
MATCH (o:Objection {id: $objection_id})
SET o.status = 'decided', o.outcome = $outcome, o.reasons = $reasons,
    o.decided_on = $decided_on, o.on_time = $decided_on <= o.deadline, o.decided_by = $actor,
    o.decided_at = datetime()
RETURN o.on_time AS on_time
