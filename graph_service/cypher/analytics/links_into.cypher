// name: links_into
// mode: read
// returns: many
// params:
//   $org_ids  list<string>  the organisations whose incoming links are wanted
//   $types    list<string>  link types kept (a subset of the five subject-to-subject links)
//   $as_of    date          only links valid on this day (DESIGN §4: valid_from <= t < valid_to)
// columns:
//   source         string
//   source_kind    string
//   source_name    string
//   source_region  string
//   type           string
//   target         string
//   ratio          float?
// One hop into the given organisations: the holders (legal representatives, principals,
// actual controllers, shareholders, branches' parents are outgoing and not here) with their
// kind, name and region, so that a region's projection needs no second look-up.
UNWIND $org_ids AS oid
MATCH (h:Subject)-[r:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF|HOLDS_SHARES_IN|BRANCH_OF]->(o:Subject {id: oid})
WHERE type(r) IN $types
  AND (r.valid_from IS NULL OR r.valid_from <= $as_of)
  AND (r.valid_to IS NULL OR $as_of < r.valid_to)
RETURN h.id AS source, h.kind AS source_kind, h.name AS source_name, h.region AS source_region,
       type(r) AS type, o.id AS target, r.ratio AS ratio
ORDER BY target, source, type
