// name: upsert_holdings
// mode: write
// returns: many
// params:
//   $rows  list<map>  {holder, org, ratio, valid_from, valid_to, digest}
// columns:
//   outcome  string
//   rows     int
// Creates or updates shareholdings (R-SUBJ-3), identified by holder, org and valid_from; a
// batch holds each once, so new ones are CREATEd.
UNWIND $rows AS row
MATCH (h:Subject {id: row.holder})
MATCH (o:Subject {id: row.org})
OPTIONAL MATCH (h)-[old:HOLDS_SHARES_IN {valid_from: row.valid_from}]->(o)
WITH row, h, o, old, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, h, o, outcome) {
  WITH row, h, o, outcome WHERE outcome = 'created'
  CREATE (h)-[r:HOLDS_SHARES_IN]->(o)
  SET r.valid_from = row.valid_from, r.ratio = row.ratio, r.valid_to = row.valid_to,
      r.digest = row.digest
}
CALL (row, old, outcome) {
  WITH row, old, outcome WHERE outcome = 'updated'
  SET old.ratio = row.ratio, old.valid_to = row.valid_to, old.digest = row.digest
}
RETURN outcome, count(*) AS rows
