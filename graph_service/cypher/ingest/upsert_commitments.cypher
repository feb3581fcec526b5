// name: upsert_commitments
// mode: write
// returns: many
// params:
//   $rows   list<map>  {id, subject, matter, authority, props: {subject_id, matter_code, kind, made_on, content, due_on, authority_code, digest}}
// columns:
//   outcome  string
//   rows     int
//   changed  list<map>
// Creates or updates credit commitments (Art. 33, R-INFO-7) with the subject that made them,
// their matter and the authority holding them; a verification already recorded is kept.
// Returns the created and updated ones, whose StateChange the caller chains
// (graph_service/store/audit.py, R-TIME-5).
UNWIND $rows AS row
OPTIONAL MATCH (old:Commitment {id: row.id})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.props.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (c:Commitment {id: row.id})
  SET c += row.props
  WITH c, row, outcome
  OPTIONAL MATCH (c)-[old:FOR_MATTER|HELD_BY]->()
  DELETE old
  WITH DISTINCT c, row, outcome
  OPTIONAL MATCH (c)<-[made:MADE]-()
  DELETE made
  WITH DISTINCT c, row, outcome
  MATCH (s:Subject {id: row.subject})
  MATCH (m:Matter {code: row.matter})
  CREATE (s)-[:MADE]->(c), (c)-[:FOR_MATTER]->(m)
  WITH c, row
  OPTIONAL MATCH (a:Authority {code: row.authority})
  FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | CREATE (c)-[:HELD_BY]->(a))
}
WITH row, outcome
OPTIONAL MATCH (c:Commitment {id: row.id}) WHERE outcome <> 'unchanged'
RETURN outcome, count(*) AS rows, collect(c {.id, state: c.kind}) AS changed
