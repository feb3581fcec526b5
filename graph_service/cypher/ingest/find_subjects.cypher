// name: find_subjects
// mode: read
// returns: many
// params:
//   $keys  list<string>  the keys looked up
// columns:
//   key   string
//   kind  string
// The subjects among $keys that exist, with their kind (integrity checks, R-INFO-5).
UNWIND $keys AS key
MATCH (n:Subject {id: key})
RETURN n.id AS key, n.kind AS kind
