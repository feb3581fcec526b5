// name: create_interview
// mode: write
// returns: one
// params:
//   $subject_id  string  the subject interviewed
//   $id          string  the new interview's id
//   $kind        string  PROMPT or WARNING
//   $held_on     date    the day it took place
//   $authority   string  the authority that held it
//   $reason      string  why
//   $document    string  its document
//   $record_id   string? the dishonesty record it concerns, or null
//   $actor       string  who records it (role and token id)
// columns:
//   id              string
//   subject         string
//   kind            string
//   held_on         date
//   authority       string
//   authority_name  string
//   reason          string
//   document        string
//   record          string?
//   at              datetime
//   by              string
// Enters a prompt or warning interview in the subject's credit record (Art. 44, 26 item 4).
MATCH (s:Subject {id: $subject_id})
MATCH (a:Authority {code: $authority})
CREATE (s)-[:HAS_INTERVIEW]->(i:Interview {id: $id, kind: $kind, held_on: $held_on,
  reason: $reason, document: $document, record: $record_id, at: datetime(), by: $actor})
  -[:HELD_BY]->(a)
WITH s, i, a
OPTIONAL MATCH (r:Record {id: $record_id})
FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | CREATE (i)-[:CONCERNS]->(r))
RETURN i.id AS id, s.id AS subject, i.kind AS kind, i.held_on AS held_on,
       a.code AS authority, a.name AS authority_name, i.reason AS reason,
       i.document AS document, i.record AS record, i.at AS at, i.by AS by
