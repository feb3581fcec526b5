// name: create_objection
// mode: write
// returns: one
// params:
//   $record_id           string   the record objected to
//   $id                  string   the new objection's id
//   $filed_on            date     the day the office received the objection
//   $reason              string   the subject's grounds
//   $needs_verification  boolean  whether the provider must verify (Art. 41)
//   $working_days        int      3, or 10 where the provider verifies (R-TIME-3)
//   $deadline            date     the last day to decide
//   $provisional         boolean  the deadline rests on statutory holidays alone (no notice yet)
//   $record_state        string   the record's state before the objection mark
//   $filed_by            string?  the subject filing it (own record, or Art. 32), or null
//   $actor               string   who files it (role and token id)
// columns:
//   id  string
// Files an objection against a record (R-TIME-3, Art. 41); the caller puts the mark on.
MATCH (r:Record {id: $record_id})
CREATE (o:Objection {id: $id, filed_on: $filed_on, reason: $reason,
  needs_provider_verification: $needs_verification, working_days: $working_days,
  deadline: $deadline, deadline_provisional: $provisional, status: 'open', record_state: $record_state, filed_by: $filed_by, at: datetime(),
  by: $actor})-[:ON_RECORD]->(r)
RETURN o.id AS id
