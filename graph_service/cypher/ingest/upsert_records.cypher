// name: upsert_records
// mode: write
// returns: many
// params:
//   $rows   list<map>  {id, label, subject, domain, catalogue_item, provider, props: {...}}
// columns:
//   outcome  string
//   rows     int
//   changed  list<map>
// Creates or updates credit records (R-INFO-1..3) and their links; a new record starts
// in force; a changed one keeps its workflow state. Returns the created and updated ones
// with their state, whose StateChange the caller chains (graph_service/store/audit.py).
UNWIND $rows AS row
OPTIONAL MATCH (old:Record {id: row.id})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.props.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (r:Record {id: row.id})
  ON CREATE SET r.state = 'in_force', r.received_at = date()
  SET r += row.props
  REMOVE r:Dishonesty:Positive
  SET r:$(row.label)
  WITH r, row, outcome
  OPTIONAL MATCH (r)-[link:IN_DOMAIN|CLASSIFIED_AS|PROVIDED_BY]->()
  DELETE link
  WITH DISTINCT r, row, outcome
  OPTIONAL MATCH (:Subject)-[owner:HAS_RECORD]->(r)
  DELETE owner
  WITH DISTINCT r, row, outcome
  MATCH (s:Subject {id: row.subject})
  MATCH (d:Domain {code: row.domain})
  MATCH (c:CatalogueItem {code: row.catalogue_item})
  MATCH (a:Authority {code: row.provider})
  CREATE (s)-[:HAS_RECORD]->(r), (r)-[:IN_DOMAIN]->(d), (r)-[:CLASSIFIED_AS]->(c),
         (r)-[:PROVIDED_BY]->(a)
}
WITH row, outcome
OPTIONAL MATCH (r:Record {id: row.id}) WHERE outcome <> 'unchanged'
RETURN outcome, count(*) AS rows, collect(r {.id, .state}) AS changed
