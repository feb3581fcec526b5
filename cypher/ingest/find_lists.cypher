// name: find_lists
// mode: read
// returns: many
// params:
//   $keys  list<string>  the keys looked up
// The lists among $keys that exist, with their type (sanction entries need a record).
UNWIND $keys AS key
MATCH (n:List {id: key})
RETURN n.id AS key, n.type AS type
