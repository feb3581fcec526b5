// name: find_records
// mode: read
// returns: many
// params:
//   $keys  list<string>  the keys looked up
// columns:
//   key      string
//   type     string
//   subject  string
//   serious  boolean
// The records among $keys that exist, with their type (DISHONESTY or POSITIVE), subject and
// seriousness (an entry rests on a record of the subject it lists, R-PROP-1, Art. 28).
UNWIND $keys AS key
MATCH (n:Record {id: key})
OPTIONAL MATCH (s:Subject)-[:HAS_RECORD]->(n)
RETURN n.id AS key, n.type AS type, s.id AS subject, n.serious AS serious
