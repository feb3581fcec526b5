// name: frontier_degrees
// mode: read
// returns: many
// params:
//   $ids  list<string>  the subjects about to be expanded (a level of the breadth-first search)
// columns:
//   id      string
//   degree  int
// How many subject-to-subject links each subject has, of the five kinds and at any time:
// the linked look-up lists a hub (a registered agent with thousands of shareholders) but does
// not expand it (issue 17). Read from the degree store, so a hub costs what a leaf costs.
UNWIND $ids AS fid
MATCH (n:Subject {id: fid})
RETURN n.id AS id,
       COUNT { (n)-[:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF|HOLDS_SHARES_IN|BRANCH_OF]-() } AS degree
