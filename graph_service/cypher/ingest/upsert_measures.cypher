// name: upsert_measures
// mode: write
// returns: many
// params:
//   $rows  list<map>  {code, authority, lists, matters, props: {kind, description, legal_basis, means, all_matters, roles, published_at, digest}}
// columns:
//   outcome  string
//   rows     int
// Creates or updates catalogue measures (R-LIST-3) with their lists, matters and authority.
UNWIND $rows AS row
OPTIONAL MATCH (old:Measure {code: row.code})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.props.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (m:Measure {code: row.code})
  SET m += row.props
  WITH m, row
  OPTIONAL MATCH (m)-[old:TARGETS|CONCERNS|IMPLEMENTED_BY]->()
  DELETE old
  WITH DISTINCT m, row
  MATCH (a:Authority {code: row.authority})
  CREATE (m)-[:IMPLEMENTED_BY]->(a)
  WITH m, row
  CALL (m, row) {
    UNWIND row.lists AS list_id
    MATCH (l:List {id: list_id})
    CREATE (m)-[:TARGETS]->(l)
  }
  CALL (m, row) {
    UNWIND row.matters AS matter_code
    MATCH (t:Matter {code: matter_code})
    CREATE (m)-[:CONCERNS]->(t)
  }
}
RETURN outcome, count(*) AS rows
