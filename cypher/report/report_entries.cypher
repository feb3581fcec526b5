// name: report_entries
// mode: read
// returns: many
// params:
//   $subject_id  string  the subject reported on
//   $as_of       date    the day `in_force` is decided for
// The list entries naming the subject (R-LIST-1: basis, removal conditions, remedy), with
// their state changes (R-TIME-5).
// An entry takes effect from `effective_from` (set only by set_entry_effect.cypher, Art. 28).
MATCH (s:Subject {id: $subject_id})<-[:LISTS]-(e:ListEntry)-[:ON]->(l:List)
OPTIONAL MATCH (e)-[:BASED_ON]->(r:Record)
CALL (e) {
  OPTIONAL MATCH (e)-[:HAS_CHANGE]->(ch:StateChange)
  WITH ch ORDER BY ch.at
  RETURN collect(ch {.at, .by, .from, .to, .reason}) AS changes
}
RETURN e.id AS entry, l.id AS list, l.type AS list_type, r.id AS record,
       e.listed_at AS listed_at, e.removed_on AS removed_on, e.state AS state,
       coalesce(e.effective_from <= $as_of AND (e.removed_on IS NULL OR e.removed_on > $as_of),
                false) AS in_force,
       e.basis AS basis, e.removal_conditions AS removal_conditions, e.remedy AS remedy,
       changes
ORDER BY listed_at, entry
