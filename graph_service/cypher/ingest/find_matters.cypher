// name: find_matters
// mode: read
// returns: many
// params:
//   $keys  list<string>  the keys looked up
// columns:
//   key  string
// The matters among $keys that exist.
UNWIND $keys AS key
MATCH (n:Matter {code: key})
RETURN n.code AS key
