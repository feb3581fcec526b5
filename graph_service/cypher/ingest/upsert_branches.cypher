// name: upsert_branches
// mode: write
// returns: many
// params:
//   $rows  list<map>  {branch, parent}
// columns:
//   outcome  string
//   rows     int
// Links branches to their parent organisation (R-SUBJ-4); a branch has one parent, so a new
// parent replaces the old one (counted as updated).
UNWIND $rows AS row
MATCH (b:Subject {id: row.branch})
MATCH (p:Subject {id: row.parent})
OPTIONAL MATCH (b)-[old:BRANCH_OF]->(current:Subject)
WITH row, b, p, collect(old) AS olds, collect(current.id) AS parents
WITH b, p, olds, CASE WHEN parents = [] THEN 'created' WHEN parents = [p.id] THEN 'unchanged'
          ELSE 'updated' END AS outcome
CALL (b, p, olds, outcome) {
  WITH b, p, olds, outcome WHERE outcome <> 'unchanged'
  FOREACH (link IN olds | DELETE link)
  CREATE (b)-[:BRANCH_OF]->(p)
}
RETURN outcome, count(*) AS rows
