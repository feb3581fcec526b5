// name: upsert_roles
// mode: write
// returns: many
// params:
//   $rows  list<map>  {type, holder, org, valid_from, valid_to, digest}
// columns:
//   outcome  string
//   rows     int
// Creates or updates role links (R-SUBJ-2), identified by type, holder, org and valid_from.
// The stored link is found through the static role types (a pattern with a dynamic type
// would scan every relationship); a batch holds each link once, so new links are CREATEd.
UNWIND $rows AS row
MATCH (h:Subject {id: row.holder})
MATCH (o:Subject {id: row.org})
OPTIONAL MATCH (h)-[old:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF
                    {valid_from: row.valid_from}]->(o)
  WHERE type(old) = row.type
WITH row, h, o, old, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, h, o, outcome) {
  WITH row, h, o, outcome WHERE outcome = 'created'
  CREATE (h)-[r:$(row.type)]->(o)
  SET r.valid_from = row.valid_from, r.valid_to = row.valid_to, r.digest = row.digest
}
CALL (row, old, outcome) {
  WITH row, old, outcome WHERE outcome = 'updated'
  SET old.valid_to = row.valid_to, old.digest = row.digest
}
RETURN outcome, count(*) AS rows
