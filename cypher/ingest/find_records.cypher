// name: find_records
// mode: read
// returns: many
// params:
//   $keys  list<string>  the keys looked up
// The records among $keys that exist, with their type (DISHONESTY or POSITIVE).
UNWIND $keys AS key
MATCH (n:Record {id: key})
RETURN n.id AS key, n.type AS type
