// name: describe_path_nodes
// mode: read
// returns: many
// params:
//   $ids  list<string>  ids met on restriction paths: subjects, list entries and records
// columns:
//   id         string
//   kind       string
//   list       string?
//   list_type  string?
//   listed_at  date?
//   document   string?
//   serious    boolean?
// What the explorer draws for each node of a propagation path (R-PROP-6, R-OUT-3): the list
// entry with its list and the record with its document; subjects are described by find_badges.
UNWIND $ids AS nid
CALL (nid) {
    MATCH (e:ListEntry {id: nid})-[:ON]->(l:List)
    RETURN 'LIST_ENTRY' AS kind, l.id AS list, l.type AS list_type, e.listed_at AS listed_at,
           null AS document, null AS serious
  UNION
    MATCH (r:Record {id: nid})
    RETURN 'RECORD' AS kind, null AS list, null AS list_type, null AS listed_at,
           r.document AS document, r.serious AS serious
}
RETURN nid AS id, kind, list, list_type, listed_at, document, serious
