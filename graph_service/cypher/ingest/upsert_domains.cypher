// name: upsert_domains
// mode: write
// returns: many
// params:
//   $rows  list<map>  {code, name, parent, digest}
// columns:
//   outcome  string
//   rows     int
// Creates or updates domains (parents are linked by link_domain_parents); counts outcomes.
UNWIND $rows AS row
OPTIONAL MATCH (old:Domain {code: row.code})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.digest THEN 'unchanged'
          ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (d:Domain {code: row.code})
  SET d.name = row.name, d.digest = row.digest
}
RETURN outcome, count(*) AS rows
