// name: upsert_authorities
// mode: write
// returns: many
// params:
//   $rows  list<map>  {code, name, region, digest}
// columns:
//   outcome  string
//   rows     int
// Creates or updates authorities (providers and implementing authorities); counts outcomes.
UNWIND $rows AS row
OPTIONAL MATCH (old:Authority {code: row.code})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.digest THEN 'unchanged'
          ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (a:Authority {code: row.code})
  SET a.name = row.name, a.region = row.region, a.digest = row.digest
}
RETURN outcome, count(*) AS rows
