// name: read_subject
// mode: read
// returns: one
// params:
//   $subject_id  string  the subject
// columns:
//   id         string
//   kind       string
//   name       string
//   region     string
//   masked_id  string?
// The subject's identity as stored: id, kind, name, region, masked id (never a clear id).
MATCH (s:Subject {id: $subject_id})
RETURN s.id AS id, s.kind AS kind, s.name AS name, s.region AS region, s.masked_id AS masked_id
