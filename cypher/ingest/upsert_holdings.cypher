// name: upsert_holdings
// mode: write
// returns: many
// params:
//   $rows  list<map>  {holder, org, ratio, valid_from, valid_to, digest}
// Creates or updates shareholdings (R-SUBJ-3), identified by holder, org and valid_from.
UNWIND $rows AS row
MATCH (h:Subject {id: row.holder})
MATCH (o:Subject {id: row.org})
OPTIONAL MATCH (h)-[old:HOLDS_SHARES_IN {valid_from: row.valid_from}]->(o)
WITH row, h, o, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, h, o, outcome) {
  WITH row, h, o, outcome WHERE outcome <> 'unchanged'
  MERGE (h)-[r:HOLDS_SHARES_IN {valid_from: row.valid_from}]->(o)
  SET r.ratio = row.ratio, r.valid_to = row.valid_to, r.digest = row.digest
}
RETURN outcome, count(*) AS rows
