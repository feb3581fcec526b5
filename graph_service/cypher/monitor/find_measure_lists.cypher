// name: find_measure_lists
// mode: read
// returns: many
// params:
//   $codes  list<string>  measure codes
// columns:
//   list  string
// The lists the measures target before a batch rewrites them: a measure that drops a list
// changes the decisions of that list's subjects too.
UNWIND $codes AS code
MATCH (x:Measure {code: code})-[:TARGETS]->(l:List)
RETURN DISTINCT l.id AS list
