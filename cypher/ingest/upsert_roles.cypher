// name: upsert_roles
// mode: write
// returns: many
// params:
//   $rows  list<map>  {type, holder, org, valid_from, valid_to, digest}
// Creates or updates role links (R-SUBJ-2), identified by type, holder, org and valid_from.
UNWIND $rows AS row
MATCH (h:Subject {id: row.holder})
MATCH (o:Subject {id: row.org})
OPTIONAL MATCH (h)-[old:$(row.type) {valid_from: row.valid_from}]->(o)
WITH row, h, o, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, h, o, outcome) {
  WITH row, h, o, outcome WHERE outcome <> 'unchanged'
  MERGE (h)-[r:$(row.type) {valid_from: row.valid_from}]->(o)
  SET r.valid_to = row.valid_to, r.digest = row.digest
}
RETURN outcome, count(*) AS rows
