// name: upsert_catalogue
// mode: write
// returns: many
// params:
//   $rows  list<map>  {code, name, disclosure, digest}
// columns:
//   outcome  string
//   rows     int
// Creates or updates catalogue items with their disclosure attribute (R-INFO-2).
UNWIND $rows AS row
OPTIONAL MATCH (old:CatalogueItem {code: row.code})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.digest THEN 'unchanged'
          ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (c:CatalogueItem {code: row.code})
  SET c.name = row.name, c.disclosure = row.disclosure, c.digest = row.digest
}
RETURN outcome, count(*) AS rows
