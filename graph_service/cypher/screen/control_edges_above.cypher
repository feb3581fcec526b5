// name: control_edges_above
// mode: read
// returns: many
// params:
//   $org_ids    list<string>  organisations whose upward control structure is wanted
//   $max_depth  int           the control chain's depth bound (GRAPH_SERVICE_CONTROL_MAX_DEPTH)
// columns:
//   expanded     string
//   distance     int
//   holder       string
//   holder_kind  string
//   type         string
//   ratio        float?
//   valid_from   date
//   valid_to     date?
// The upward control structure of the given organisations (R-SUBJ-3) in one round trip: every
// subject within $max_depth holding or declared-control links above one of them (`expanded`,
// its distance that of its shortest path), with the shareholdings and declared actual
// controllers into it (every interval). So the links one level beyond the bound are known,
// and a chain longer than the bound is seen to be cut (R-PROP-3: its top is not taken for the
// ultimate controller). The breadth-first expansion visits each subject once, so cycles and
// wide groups stay cheap. One row per link: a holder lies within the bound when one of its
// links leads into a subject at a `distance` below it (no row for a subject nothing points
// into, so 2,000 small holders cost 2,000 rows, not 4,000, issue 17).
UNWIND $org_ids AS oid
MATCH (o:Subject {id: oid})
CALL (o) {
    RETURN o AS x, 0 AS distance
  UNION
    // One breadth-first search from o to every subject above it (not one per pair: an
    // organisation with 2,000 holders cost 2,000 searches over its 2,000 links, issue 17).
    MATCH p = ANY SHORTEST (o)<-[:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF]-+(x:Subject)
    WHERE length(p) <= $max_depth
    RETURN x, length(p) AS distance
}
WITH x, min(distance) AS distance
MATCH (h:Subject)-[k:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF]->(x)
RETURN x.id AS expanded, distance, h.id AS holder, h.kind AS holder_kind, type(k) AS type,
       k.ratio AS ratio, k.valid_from AS valid_from, k.valid_to AS valid_to
ORDER BY expanded, holder, type, valid_from
