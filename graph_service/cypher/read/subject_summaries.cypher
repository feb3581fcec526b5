// name: subject_summaries
// mode: read
// returns: many
// params:
//   $ids  list<string>  subject ids
// columns:
//   subject    string
//   kind       string
//   name       string
//   region     string
//   masked_id  string?
// Kind, name, region and masked id of subjects, for generated lists.
UNWIND $ids AS sid
MATCH (s:Subject {id: sid})
RETURN s.id AS subject, s.kind AS kind, s.name AS name, s.region AS region,
       s.masked_id AS masked_id
