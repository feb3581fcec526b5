// name: list_candidates
// mode: read
// returns: many
// params:
//   $list_type  string  SERIOUS, JOINT_SANCTION or JOINT_REWARD
//   $as_of      date    the day the list is generated for
//   $max_depth  int     the control chain's depth bound (GRAPH_SERVICE_CONTROL_MAX_DEPTH)
// columns:
//   subject  string
// Every subject an entry in force on a list of $list_type may reach: the listed subjects, the
// holders of a role in them, and the holders up their control chain ($max_depth levels). A superset:
// reach_subjects decides who is actually reached, and how.
// An entry takes effect from `effective_from` (set only by set_entry_effect.cypher, Art. 28).
MATCH (l:List {type: $list_type})<-[:ON]-(e:ListEntry)-[:LISTS]->(o:Subject)
WHERE e.effective_from <= $as_of AND (e.removed_on IS NULL OR e.removed_on > $as_of) AND l.published_at <= $as_of
CALL (o) {
    RETURN o AS s
  UNION
    MATCH (s:Subject)-[:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF]->(o)
    RETURN s
  UNION
    // One breadth-first search from o (not one shortest path per holder, issue 17).
    MATCH p = ANY SHORTEST (o)<-[:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF]-+(s:Subject)
    WHERE s <> o AND length(p) <= $max_depth
    RETURN s
}
RETURN DISTINCT s.id AS subject
ORDER BY subject
