// name: find_authorities
// mode: read
// returns: many
// params:
//   $keys  list<string>  the keys looked up
// columns:
//   key  string
// The authorities among $keys that exist.
UNWIND $keys AS key
MATCH (n:Authority {code: key})
RETURN n.code AS key
