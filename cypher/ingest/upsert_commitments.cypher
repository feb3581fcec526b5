// name: upsert_commitments
// mode: write
// returns: many
// params:
//   $rows   list<map>  {id, subject, matter, authority, props: {subject_id, matter_code, kind, made_on, content, due_on, authority_code, digest}}
//   $actor  string     who ingests, for the history (R-TIME-5)
// Creates or updates credit commitments (Art. 33, R-INFO-7) with the subject that made them,
// their matter and the authority holding them; a verification already recorded is kept.
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
  CREATE (s)-[:MADE]->(c), (c)-[:FOR_MATTER]->(m),
         (c)-[:HAS_CHANGE]->(:StateChange {at: datetime(), by: $actor, from: null,
           to: c.kind, reason: CASE outcome WHEN 'created' THEN 'commitment made'
           ELSE 'updated by ingest' END})
  WITH c, row
  OPTIONAL MATCH (a:Authority {code: row.authority})
  FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | CREATE (c)-[:HELD_BY]->(a))
}
RETURN outcome, count(*) AS rows
