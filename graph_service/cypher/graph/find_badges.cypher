// name: find_badges
// mode: read
// returns: many
// params:
//   $ids    list<string>  the subjects
//   $as_of  date          the day the badges hold for
//   $expired_through  date  the last act_end already out of force on $as_of (R-TIME-1)
//   $reward_list_type  string  ambient: the joint reward list's type (Art. 30)
// columns:
//   id          string
//   kind        string
//   name        string
//   region      string
//   list_types  list<string>
//   objection   boolean
// Each subject's own list memberships in force on $as_of and its open objections, for the
// explorer's status badges (R-OUT-3). A sanction entry counts while its record is in force
// (R-TIME-1: the five years after the act run, not revoked, not repaired); a reward entry needs no record.
// An entry takes effect from `effective_from` (set only by set_entry_effect.cypher, Art. 28).
UNWIND $ids AS sid
MATCH (s:Subject {id: sid})
CALL (s) {
  OPTIONAL MATCH (s)<-[:LISTS]-(e:ListEntry)-[:ON]->(l:List)
  WHERE e.effective_from <= $as_of AND (e.removed_on IS NULL OR e.removed_on > $as_of) AND l.published_at <= $as_of
    AND (l.type = $reward_list_type OR EXISTS {
      MATCH (e)-[:BASED_ON]->(r:Dishonesty)
      WHERE r.act_start <= $as_of
        AND (r.revoked_on IS NULL OR r.revoked_on > $as_of)
        AND (r.repaired_on IS NULL OR r.repaired_on > $as_of)
        AND (r.act_end IS NULL OR r.act_end > $expired_through)
    })
  RETURN collect(DISTINCT l.type) AS list_types
}
RETURN s.id AS id, s.kind AS kind, s.name AS name, s.region AS region, list_types,
       EXISTS {
         MATCH (s)-[:HAS_RECORD]->(r:Record)
         WHERE r.objection_open = true AND r.act_start <= $as_of
           AND (r.revoked_on IS NULL OR r.revoked_on > $as_of)
       } AS objection
