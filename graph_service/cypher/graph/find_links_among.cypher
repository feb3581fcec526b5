// name: find_links_among
// mode: read
// returns: many
// params:
//   $ids     list<string>  the subjects on screen
//   $types   list<string>  link types shown
//   $as_of   date          only links valid on this day (DESIGN §4: valid_from <= t < valid_to)
//   $limit   integer       most links returned; the caller asks one more to detect a cut
// columns:
//   type        string
//   source      string
//   target      string
//   ratio       float?
//   valid_from  date?
//   valid_to    date?
// The links between the given subjects that hold on $as_of, with ratio and validity, so
// the explorer replays the graph at a date (R-OUT-3). Directed from holder to organisation.
UNWIND $ids AS sid
MATCH (a:Subject {id: sid})-[r:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF|HOLDS_SHARES_IN|BRANCH_OF]->(b:Subject)
WHERE b.id IN $ids
  AND type(r) IN $types
  AND (r.valid_from IS NULL OR r.valid_from <= $as_of)
  AND (r.valid_to IS NULL OR $as_of < r.valid_to)
RETURN type(r) AS type, a.id AS source, b.id AS target, r.ratio AS ratio,
       r.valid_from AS valid_from, r.valid_to AS valid_to
ORDER BY source, target, type, valid_from
LIMIT $limit
