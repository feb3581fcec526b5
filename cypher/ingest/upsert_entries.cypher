// name: upsert_entries
// mode: write
// returns: many
// params:
//   $rows   list<map>  {id, list, subject, record, props: {listed_at, basis, removal_conditions, remedy, digest}}
// Creates or updates list entries (R-LIST-1) with their list, subject and record. Returns
// the created and updated ones with their state, whose StateChange the caller chains
// (graph_service/store/audit.py, R-TIME-5).
UNWIND $rows AS row
OPTIONAL MATCH (old:ListEntry {id: row.id})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.props.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (e:ListEntry {id: row.id})
  ON CREATE SET e.state = 'in_force'
  SET e += row.props
  WITH e, row, outcome
  OPTIONAL MATCH (e)-[old:ON|LISTS|BASED_ON]->()
  DELETE old
  WITH DISTINCT e, row, outcome
  MATCH (l:List {id: row.list})
  MATCH (s:Subject {id: row.subject})
  CREATE (e)-[:ON]->(l), (e)-[:LISTS]->(s)
  WITH e, row
  OPTIONAL MATCH (r:Record {id: row.record})
  FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | CREATE (e)-[:BASED_ON]->(r))
}
WITH row, outcome
OPTIONAL MATCH (e:ListEntry {id: row.id}) WHERE outcome <> 'unchanged'
RETURN outcome, count(*) AS rows, collect(e {.id, .state}) AS changed
