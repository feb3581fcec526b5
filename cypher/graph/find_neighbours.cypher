// name: find_neighbours
// mode: read
// returns: many
// params:
//   $id      string        the subject at the centre
//   $types   list<string>  link types followed (a subset of the five subject-to-subject links)
//   $as_of   date          only links valid on this day are followed (DESIGN §4)
//   $depth   integer       hops from the centre, 1..3 (the pattern's literal bound is 3)
//   $limit   integer       most subjects returned; the caller asks one more to detect a cut
// The subjects within $depth hops of $id over the chosen links valid on $as_of (R-OUT-3),
// each once with its distance: ANY SHORTEST per end node is a breadth-first search, so a
// dense group does not enumerate every path. The centre comes first (hops 0).
MATCH (c:Subject {id: $id})
CALL (c) {
    RETURN c AS n, 0 AS hops
  UNION
    MATCH p = ANY SHORTEST (c)(()-[r:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF|HOLDS_SHARES_IN|BRANCH_OF
                 WHERE type(r) IN $types
                   AND (r.valid_from IS NULL OR r.valid_from <= $as_of)
                   AND (r.valid_to IS NULL OR $as_of < r.valid_to)]-(:Subject)){1,3}(n:Subject)
    WHERE length(p) <= $depth AND n <> c
    RETURN n, length(p) AS hops
}
RETURN n.id AS id, hops
ORDER BY hops, id
LIMIT $limit
