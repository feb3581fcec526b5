// name: add_objection_pause
// mode: write
// returns: one
// params:
//   $objection_id  string  the objection
//   $kind          string  TESTING, INSPECTION, QUARANTINE, APPRAISAL or EXPERT_REVIEW
//   $first         date    the first paused day
//   $last          date    the last paused day (included)
//   $deadline      date    the deadline recomputed without the paused working days
//   $provisional   boolean the deadline rests on statutory holidays alone (no notice yet)
//   $actor         string  who records the pause (role and token id)
// columns:
//   deadline  date
// Records time spent on testing, inspection, quarantine, appraisal or expert review, which
// does not count toward the objection deadline (Art. 41 para. 3, R-TIME-3).
MATCH (o:Objection {id: $objection_id})
CREATE (o)-[:PAUSED_BY]->(:ObjectionPause {kind: $kind, first_day: $first, last_day: $last,
  at: datetime(), by: $actor})
SET o.deadline = $deadline, o.deadline_provisional = $provisional
RETURN o.deadline AS deadline
