// name: report_interviews
// mode: read
// returns: many
// params:
//   $subject_id   string        the subject reported on
//   $disclosures  list<string>  catalogue disclosure attributes the caller may see (R-INFO-2)
//   $interview_disclosure  string  ambient: interviews show to whoever sees SHARED (Art. 44)
// columns:
//   id              string
//   subject         string
//   kind            string
//   held_on         date
//   authority       string
//   authority_name  string
//   reason          string
//   document        string
//   record          string
//   at              datetime
//   by              string
// The subject's prompt and warning interviews (Art. 44, 26 item 4), oldest first: shared
// among authorities (not public), and one about a record only where the caller may see it.
MATCH (s:Subject {id: $subject_id})-[:HAS_INTERVIEW]->(i:Interview)-[:HELD_BY]->(a:Authority)
WHERE $interview_disclosure IN $disclosures
  AND NOT EXISTS {
    MATCH (i)-[:CONCERNS]->(:Record)-[:CLASSIFIED_AS]->(c:CatalogueItem)
    WHERE NOT c.disclosure IN $disclosures }
RETURN i.id AS id, s.id AS subject, i.kind AS kind, i.held_on AS held_on,
       a.code AS authority, a.name AS authority_name, i.reason AS reason,
       i.document AS document, i.record AS record, i.at AS at, i.by AS by
ORDER BY held_on, id
