// name: upsert_matters
// mode: write
// returns: many
// params:
//   $rows  list<map>  {code, name, domain, digest}
// columns:
//   outcome  string
//   rows     int
// Creates or updates matters and links each to its domain (R-PROP-4); counts outcomes.
UNWIND $rows AS row
OPTIONAL MATCH (old:Matter {code: row.code})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.digest THEN 'unchanged'
          ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (m:Matter {code: row.code})
  SET m.name = row.name, m.digest = row.digest
  WITH m, row
  OPTIONAL MATCH (m)-[old:IN_DOMAIN]->()
  DELETE old
  WITH DISTINCT m, row
  MATCH (d:Domain {code: row.domain})
  CREATE (m)-[:IN_DOMAIN]->(d)
}
RETURN outcome, count(*) AS rows
