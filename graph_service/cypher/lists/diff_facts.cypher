// name: diff_facts
// mode: read
// returns: many
// params:
//   $entries  list<string>  entries whose restrictions appeared or disappeared
// columns:
//   entry              string
//   listed_at          date
//   list_published_at  date?
//   removed_on         date?
//   act_start          date?
//   act_end            date?
//   repaired_on        date?
//   revoked_on         date?
// The dates that explain why a restriction appeared or disappeared between two dates
// (R-OUT-1): listing and removal of the entry, its list's publication (Art. 28, 30), the
// record's act, repair and revocation.
UNWIND $entries AS entry_id
MATCH (e:ListEntry {id: entry_id})-[:ON]->(l:List)
OPTIONAL MATCH (e)-[:BASED_ON]->(r:Record)
RETURN e.id AS entry, coalesce(e.effective_from, e.listed_at) AS listed_at, l.published_at AS list_published_at, e.removed_on AS removed_on,
       r.act_start AS act_start, r.act_end AS act_end, r.repaired_on AS repaired_on,
       r.revoked_on AS revoked_on
