// name: control_edges_into
// mode: read
// returns: many
// params:
//   $org_ids  list<string>  organisations whose incoming control links are wanted
// columns:
//   holder       string
//   holder_kind  string
//   org          string
//   type         string
//   ratio        float?
//   valid_from   date
//   valid_to     date?
// One level of the upward control structure (R-SUBJ-3): shareholdings and declared actual
// controllers of the given organisations, every interval. The caller walks up level by level
// to its depth bound, so cycles and wide groups never explode into paths.
UNWIND $org_ids AS oid
MATCH (h:Subject)-[k:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF]->(o:Subject {id: oid})
RETURN h.id AS holder, h.kind AS holder_kind, o.id AS org, type(k) AS type, k.ratio AS ratio,
       k.valid_from AS valid_from, k.valid_to AS valid_to
