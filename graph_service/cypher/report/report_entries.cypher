// name: report_entries
// mode: read
// returns: many
// params:
//   $subject_id  string  the subject reported on
//   $as_of       date    the day `in_force` is decided for
//   $expired_through  date  the last act_end already out of force on $as_of (R-TIME-1)
//   $full_history boolean   the credit office or the subject itself: entries on removed records too
// columns:
//   entry               string
//   list                string
//   list_type           string
//   record              string?
//   listed_at           date
//   removed_on          any
//   state               string
//   in_force            boolean
//   basis               string
//   removal_conditions  string
//   remedy              string
//   changes             list<map>
// The list entries naming the subject (R-LIST-1: basis, removal conditions, remedy), with
// their state changes (R-TIME-5). An entry is in force as in screening: listed, not removed,
// its list published (Art. 28, 30), its record (if any) in force (R-TIME-1). An entry on a
// record the law removed (Art. 42 para 2, 43, 45 para 2) is shown only with $full_history.
// An entry takes effect from `effective_from` (set only by set_entry_effect.cypher, Art. 28).
MATCH (s:Subject {id: $subject_id})<-[:LISTS]-(e:ListEntry)-[:ON]->(l:List)
OPTIONAL MATCH (e)-[:BASED_ON]->(r:Record)
WITH e, l, r, coalesce(r.revoked_on <= $as_of, false) OR coalesce(r.repaired_on <= $as_of, false)
              OR coalesce(r:Dishonesty AND r.act_end <= $expired_through, false) AS record_removed
WHERE $full_history OR NOT record_removed
CALL (e) {
  OPTIONAL MATCH (e)-[:HAS_CHANGE]->(ch:StateChange)
  WITH ch ORDER BY ch.at
  RETURN collect(ch {.at, .by, .from, .to, .reason}) AS changes
}
RETURN e.id AS entry, l.id AS list, l.type AS list_type, r.id AS record,
       e.listed_at AS listed_at, e.removed_on AS removed_on, e.state AS state,
       coalesce(e.effective_from <= $as_of AND (e.removed_on IS NULL OR e.removed_on > $as_of) AND l.published_at <= $as_of
        AND NOT record_removed AND (r IS NULL OR r.act_start <= $as_of), false) AS in_force,
       e.basis AS basis, e.removal_conditions AS removal_conditions, e.remedy AS remedy,
       changes
ORDER BY listed_at, entry
