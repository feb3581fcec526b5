// name: find_lists
// mode: read
// returns: many
// params:
//   $keys  list<string>  the keys looked up
// columns:
//   key   string
//   type  string
//   used  boolean
// The lists among $keys that exist, with their type (sanction entries need a record) and
// whether entries or measures rest on them (their type then cannot change, Art. 28).
UNWIND $keys AS key
MATCH (n:List {id: key})
RETURN n.id AS key, n.type AS type,
       EXISTS { (n)<-[:ON]-(:ListEntry) } OR EXISTS { (n)<-[:TARGETS]-(:Measure) } AS used
