// name: upsert_branches
// mode: write
// returns: many
// params:
//   $rows  list<map>  {branch, parent}
// Links branches to their parent organisation (R-SUBJ-4); a branch has one parent.
UNWIND $rows AS row
MATCH (b:Subject {id: row.branch})
MATCH (p:Subject {id: row.parent})
OPTIONAL MATCH (b)-[current:BRANCH_OF]->(p)
WITH row, b, p, CASE WHEN current IS NULL THEN 'created' ELSE 'unchanged' END AS outcome
CALL (b, p, outcome) {
  WITH b, p, outcome WHERE outcome = 'created'
  OPTIONAL MATCH (b)-[old:BRANCH_OF]->()
  DELETE old
  WITH DISTINCT b, p
  CREATE (b)-[:BRANCH_OF]->(p)
}
RETURN outcome, count(*) AS rows
