// name: expand_level
// mode: read
// returns: many
// params:
//   $ids     list<string>  the subjects found at the previous level (the frontier)
//   $types   list<string>  link types followed (a subset of the five subject-to-subject links)
//   $as_of   date          only links valid on this day are followed (DESIGN §4)
//   $limit   integer       most ids returned
// columns:
//   id  string
// One level of the breadth-first search behind the neighbourhood (R-OUT-3): the distinct
// subjects one valid link away from the frontier, in either direction, smallest ids first.
// The caller drops those it has already seen, so it asks for as many more as it has seen.
UNWIND $ids AS fid
MATCH (:Subject {id: fid})-[r:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF|HOLDS_SHARES_IN|BRANCH_OF]-(n:Subject)
WHERE type(r) IN $types
  AND (r.valid_from IS NULL OR r.valid_from <= $as_of)
  AND (r.valid_to IS NULL OR $as_of < r.valid_to)
RETURN DISTINCT n.id AS id
ORDER BY id
LIMIT $limit
