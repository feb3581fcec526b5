// name: list_candidates
// mode: read
// returns: many
// params:
//   $list_type  string  SERIOUS, JOINT_SANCTION or JOINT_REWARD
//   $as_of      date    the day the list is generated for
// Every subject an entry in force on a list of $list_type may reach: the listed subjects, the
// holders of a role in them, and the holders up their control chain (10 levels). A superset:
// reach_subjects decides who is actually reached, and how.
// An entry takes effect from `effective_from` (set only by set_entry_effect.cypher, Art. 28).
MATCH (l:List {type: $list_type})<-[:ON]-(e:ListEntry)-[:LISTS]->(o:Subject)
WHERE e.effective_from <= $as_of AND (e.removed_on IS NULL OR e.removed_on > $as_of)
CALL (o) {
    RETURN o AS s
  UNION
    MATCH (s:Subject)-[:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF]->(o)
    RETURN s
  UNION
    MATCH (s:Subject)-[:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF]->{1,10}(o)
    RETURN s
}
RETURN DISTINCT s.id AS subject
ORDER BY subject
