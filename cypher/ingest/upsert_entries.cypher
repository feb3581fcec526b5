// name: upsert_entries
// mode: write
// returns: many
// params:
//   $rows   list<map>  {id, list, subject, record, props: {listed_at, basis, removal_conditions, remedy, digest}}
//   $actor  string     who ingests, for the history (R-TIME-5)
// Creates or updates list entries (R-LIST-1) with their list, subject and record.
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
  CREATE (e)-[:ON]->(l), (e)-[:LISTS]->(s),
         (e)-[:HAS_CHANGE]->(:StateChange {at: datetime(), by: $actor, from: null,
           to: e.state, reason: CASE outcome WHEN 'created' THEN 'listed'
           ELSE 'updated by ingest' END})
  WITH e, row
  OPTIONAL MATCH (r:Record {id: row.record})
  FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | CREATE (e)-[:BASED_ON]->(r))
}
RETURN outcome, count(*) AS rows
