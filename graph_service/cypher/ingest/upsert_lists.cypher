// name: upsert_lists
// mode: write
// returns: many
// params:
//   $rows  list<map>  {id, issuer, props: {type, region, criteria, published_at, digest}}
// columns:
//   outcome  string
//   rows     int
// Creates or updates lists with their published criteria (R-LIST-2) and issuer.
UNWIND $rows AS row
OPTIONAL MATCH (old:List {id: row.id})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.props.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (l:List {id: row.id})
  SET l += row.props
  WITH l, row
  OPTIONAL MATCH (l)-[old:ISSUED_BY]->()
  DELETE old
  WITH DISTINCT l, row
  MATCH (a:Authority {code: row.issuer})
  CREATE (l)-[:ISSUED_BY]->(a)
}
RETURN outcome, count(*) AS rows
