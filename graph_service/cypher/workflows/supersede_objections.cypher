// name: supersede_objections
// mode: write
// returns: many
// params:
//   $record_id  string  the record whose decision was revoked or changed
//   $day        date    the day the office acted
//   $reasons    string  why the objection is closed
//   $actor      string  who acts (role and token id)
// columns:
//   id  string
// Closes the record's open objection when a revocation or change of the decision behind
// the record supersedes it (R-TIME-2); the caller removes the mark.
MATCH (o:Objection {status: 'open'})-[:ON_RECORD]->(:Record {id: $record_id})
SET o.status = 'closed', o.outcome = 'SUPERSEDED', o.reasons = $reasons, o.decided_on = $day,
    o.decided_by = $actor, o.decided_at = datetime()
RETURN o.id AS id
