// name: count_graph
// mode: read
// returns: one
// params:
// columns:
//   nodes          int
//   relationships  int
//   subjects       int
//   records        int
//   query_logs     int
//   state_changes  int
// What a backup records and a restore compares: nodes, relationships, subjects, records and
// the two audit chains' entries (all from Neo4j's count store, so instant at any size).
CALL () {
  MATCH (n)
  RETURN count(n) AS nodes
}
CALL () {
  MATCH ()-[r]->()
  RETURN count(r) AS relationships
}
CALL () {
  MATCH (n:Subject)
  RETURN count(n) AS subjects
}
CALL () {
  MATCH (n:Record)
  RETURN count(n) AS records
}
CALL () {
  MATCH (n:QueryLog)
  RETURN count(n) AS query_logs
}
CALL () {
  MATCH (n:StateChange)
  RETURN count(n) AS state_changes
}
RETURN nodes, relationships, subjects, records, query_logs, state_changes
