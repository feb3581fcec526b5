// name: export_subjects
// mode: read
// returns: many
// params:
//   $ids  list<string>  subject ids
// columns:
//   id      string
//   kind    string
//   name    string
//   region  string
//   extra   string?
// What the FollowTheMoney and BODS exporters say about each subject: kind, name, region and
// the `extra` attributes (source ids, jurisdiction, synthetic-id flags). Never a resident ID
// (R-SUBJ-1: the graph holds none).
UNWIND $ids AS sid
MATCH (s:Subject {id: sid})
RETURN s.id AS id, s.kind AS kind, s.name AS name, s.region AS region, s.extra AS extra
ORDER BY id
