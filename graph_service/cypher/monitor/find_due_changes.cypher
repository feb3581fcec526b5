// name: find_due_changes
// mode: read
// returns: one
// params:
//   $after  date  the last day already swept
//   $until  date  the day swept now
//   $expired_after  date  expired_through($after): the last act_end out of force on $after
//   $expired_until  date  expired_through($until): the last act_end out of force on $until
// columns:
//   expired          list<string>
//   repaired         list<string>
//   revoked          list<string>
//   listed           list<string>
//   removed          list<string>
//   measure_lists    list<string>
//   published_lists  list<string>
//   recognitions     list<map>
// What the passage of time changes on the days after $after up to $until (issue 15):
// records whose five-year window ends (R-TIME-1: in force on $after, out of force on $until,
// both told by rules/credit_time.py's expired_through, so a 29 February is never missed),
// whose repair or revocation takes effect (R-TIME-4, R-TIME-2); entries whose listing or
// removal day comes; measures and lists published (R-LIST-4); recognition agreements that
// start or end (R-LIST-6).
CALL () {
  MATCH (r:Record)
  WHERE r.act_end > $expired_after AND r.act_end <= $expired_until
  RETURN collect(r.id) AS expired
}
CALL () {
  MATCH (r:Record)
  WHERE r.repaired_on > $after AND r.repaired_on <= $until
  RETURN collect(r.id) AS repaired
}
CALL () {
  MATCH (r:Record)
  WHERE r.revoked_on > $after AND r.revoked_on <= $until
  RETURN collect(r.id) AS revoked
}
CALL () {
  MATCH (e:ListEntry)-[:LISTS]->(s:Subject)
  WHERE e.listed_at > $after AND e.listed_at <= $until
  RETURN collect(DISTINCT s.id) AS listed
}
CALL () {
  MATCH (e:ListEntry)-[:LISTS]->(s:Subject)
  WHERE e.removed_on > $after AND e.removed_on <= $until
  RETURN collect(DISTINCT s.id) AS removed
}
CALL () {
  MATCH (x:Measure)-[:TARGETS]->(l:List)
  WHERE x.published_at > $after AND x.published_at <= $until
  RETURN collect(DISTINCT l.id) AS measure_lists
}
CALL () {
  MATCH (l:List)
  WHERE l.published_at > $after AND l.published_at <= $until
  RETURN collect(l.id) AS published_lists
}
CALL () {
  MATCH (g:Recognition)
  WHERE (g.valid_from > $after AND g.valid_from <= $until)
     OR (g.valid_to > $after AND g.valid_to <= $until)
  RETURN collect(DISTINCT {region: g.region, list_type: g.list_type}) AS recognitions
}
RETURN expired, repaired, revoked, listed, removed, measure_lists, published_lists,
       recognitions
