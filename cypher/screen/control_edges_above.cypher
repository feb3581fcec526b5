// name: control_edges_above
// mode: read
// returns: many
// params:
//   $org_ids  list<string>  organisations whose upward control structure is wanted
// The whole upward control structure of the given organisations (R-SUBJ-3) in one round trip,
// for the default depth bound of 10: every subject within 9 holding or declared-control links
// above one of them (`expanded`), with the shareholdings and declared actual controllers into
// it (every interval). The same links as walking up level by level with control_edges_into
// ten times; the breadth-first expansion visits each subject once, so cycles and wide groups
// stay cheap. A row with null `holder` stands for an expanded subject nothing points into.
UNWIND $org_ids AS oid
MATCH (o:Subject {id: oid})
MATCH (o)<-[:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF*0..9]-(x:Subject)
WITH DISTINCT x
OPTIONAL MATCH (h:Subject)-[k:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF]->(x)
RETURN x.id AS expanded, h.id AS holder, h.kind AS holder_kind, type(k) AS type,
       k.ratio AS ratio, k.valid_from AS valid_from, k.valid_to AS valid_to
ORDER BY expanded, holder, type, valid_from
