// name: find_domains
// mode: read
// returns: many
// params:
//   $keys  list<string>  the keys looked up
// columns:
//   key  string
// The domains among $keys that exist.
UNWIND $keys AS key
MATCH (n:Domain {code: key})
RETURN n.code AS key
