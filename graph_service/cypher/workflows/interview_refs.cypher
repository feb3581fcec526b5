// name: interview_refs
// mode: read
// returns: one
// params:
//   $subject_id  string  the subject interviewed
//   $authority   string  the authority's code
//   $record_id   string? the record it concerns, or null
// columns:
//   subject_known    boolean
//   authority_known  boolean
//   record_known     boolean
//   record_subject   string?
//   record_type      string?
//   act_end          date?
// What recording an interview checks (Art. 44): the subject and authority exist, and the
// record, if named, is a dishonesty record of the subject, with its act's end.
OPTIONAL MATCH (s:Subject {id: $subject_id})
OPTIONAL MATCH (a:Authority {code: $authority})
OPTIONAL MATCH (r:Record {id: $record_id})
OPTIONAL MATCH (owner:Subject)-[:HAS_RECORD]->(r)
RETURN s IS NOT NULL AS subject_known, a IS NOT NULL AS authority_known,
       r IS NOT NULL AS record_known, owner.id AS record_subject, r.type AS record_type,
       r.act_end AS act_end
