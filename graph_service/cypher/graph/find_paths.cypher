// name: find_paths
// mode: read
// returns: many
// params:
//   $from_id   string        one end
//   $to_id     string        the other end
//   $types     list<string>  link types followed
//   $as_of     date          only links valid on this day
//   $max_hops  integer       longest path kept, 1..6 (the pattern's literal bound is 6)
//   $k         integer       how many paths, 1..10 (SHORTEST takes a literal: 10)
// columns:
//   nodes  list<string>
//   links  list<map>
// The k shortest paths between two subjects over the chosen links valid on $as_of, in either
// direction (R-OUT-3: through whom a sanction or control reaches a person). Each link is
// given with its own direction, ratio and validity.
MATCH (a:Subject {id: $from_id}), (b:Subject {id: $to_id})
MATCH p = SHORTEST 10 (a)(()-[r:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF|HOLDS_SHARES_IN|BRANCH_OF
               WHERE type(r) IN $types
                 AND (r.valid_from IS NULL OR r.valid_from <= $as_of)
                 AND (r.valid_to IS NULL OR $as_of < r.valid_to)]-(:Subject)){1,6}(b)
WITH p WHERE length(p) <= $max_hops
RETURN [n IN nodes(p) | n.id] AS nodes,
       [r IN relationships(p) | {type: type(r), source: startNode(r).id, target: endNode(r).id,
         ratio: r.ratio, valid_from: r.valid_from, valid_to: r.valid_to}] AS links
ORDER BY size(nodes), nodes
LIMIT $k
