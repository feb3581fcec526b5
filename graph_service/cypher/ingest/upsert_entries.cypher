// name: upsert_entries
// mode: write
// returns: many
// params:
//   $rows   list<map>  {id, list, subject, record, proposed, notified_on, props: {listed_at, basis, removal_conditions, remedy, digest}}
//   $sanction_list_types  list<string>  ambient: the lists whose entries sanction (Art. 46)
// columns:
//   outcome  string
//   rows     int
//   changed  list<map>
// Creates or updates list entries (R-LIST-1) with their list, subject and record. A new
// entry is `proposed` (awaiting the subject's statement, Art. 28 para. 3) or in force; its
// state then changes only through the workflows. A new entry on a sanction list notifies the
// subject of its basis, reason and remedy (Art. 24 para. 1). Returns the created and updated
// ones with their state, whose StateChange the caller chains (graph_service/store/audit.py,
// R-TIME-5).
UNWIND $rows AS row
OPTIONAL MATCH (old:ListEntry {id: row.id})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.props.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (e:ListEntry {id: row.id})
  ON CREATE SET e.state = CASE WHEN row.proposed THEN 'proposed' ELSE 'in_force' END
  SET e += row.props
  WITH e, row, outcome
  OPTIONAL MATCH (e)-[old:ON|LISTS|BASED_ON]->()
  DELETE old
  WITH DISTINCT e, row, outcome
  MATCH (l:List {id: row.list})
  MATCH (s:Subject {id: row.subject})
  CREATE (e)-[:ON]->(l), (e)-[:LISTS]->(s)
  WITH e, row, l, outcome
  OPTIONAL MATCH (r:Record {id: row.record})
  FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | CREATE (e)-[:BASED_ON]->(r))
  FOREACH (_ IN CASE WHEN outcome = 'created' AND l.type IN $sanction_list_types
                THEN [1] ELSE [] END |
    CREATE (e)-[:NOTIFIED]->(:Notification {to: row.subject, at: datetime(),
      kind: CASE WHEN row.proposed THEN 'PROPOSED_LISTING' ELSE 'LISTING' END,
      notified_on: row.notified_on, list: l.id, list_type: l.type, record: r.id,
      document: r.document, basis: row.props.basis, remedy: row.props.remedy,
      removal_conditions: row.props.removal_conditions,
      what: 'entry ' + row.id + ' on list ' + l.id}))
}
WITH row, outcome
OPTIONAL MATCH (e:ListEntry {id: row.id}) WHERE outcome <> 'unchanged'
RETURN outcome, count(*) AS rows, collect(e {.id, .state}) AS changed
