// name: upsert_recognitions
// mode: write
// returns: many
// params:
//   $rows  list<map>  {key, region, list_type, valid_from, valid_to, digest}
// columns:
//   outcome  string
//   rows     int
// Creates or updates mutual-recognition agreements with Beijing and Hebei (R-LIST-6, Art. 8).
UNWIND $rows AS row
OPTIONAL MATCH (old:Recognition {key: row.key})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.digest THEN 'unchanged'
          ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (g:Recognition {key: row.key})
  SET g.region = row.region, g.list_type = row.list_type, g.valid_from = row.valid_from,
      g.valid_to = row.valid_to, g.digest = row.digest
}
RETURN outcome, count(*) AS rows
