// name: create_revocation
// mode: write
// returns: one
// params:
//   $record_id             string   the record
//   $id                    string   the new revocation's id
//   $kind                  string   REVOKED or CHANGED
//   $decision_document     string   the document revoking or changing the decision
//   $decided_on            date     the day the decision was revoked or changed
//   $provider_notified_on  date     the day the provider told the office
//   $provider_deadline     date     3 working days after $decided_on
//   $provider_on_time      boolean  whether the provider kept its deadline
//   $acted_on              date     the day the office deleted or changed the record
//   $office_deadline       date     3 working days after $provider_notified_on
//   $office_on_time        boolean  whether the office kept its deadline
//   $actor                 string   who records it (role and token id)
// columns:
//   id  string
// Records the revocation or change of the decision behind a record with both Art. 43
// deadlines and whether they were kept (R-TIME-2); the caller changes the record.
MATCH (r:Record {id: $record_id})
CREATE (v:Revocation {id: $id, kind: $kind, decision_document: $decision_document,
  decided_on: $decided_on, provider_notified_on: $provider_notified_on,
  provider_deadline: $provider_deadline, provider_on_time: $provider_on_time,
  acted_on: $acted_on, office_deadline: $office_deadline, office_on_time: $office_on_time,
  at: datetime(), by: $actor})-[:ON_RECORD]->(r)
RETURN v.id AS id
