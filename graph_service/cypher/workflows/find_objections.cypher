// name: find_objections
// mode: read
// returns: many
// params:
//   $ids      list<string>? objection ids, or null for every objection
//   $status   string?       open, decided or closed; null for any
//   $overdue  boolean?      only overdue ones (true), only the others (false), or all (null)
//   $as_of    date          the day overdue is judged on
// columns:
//   id                           string
//   record                       string
//   subject                      string?
//   filed_by                     string?
//   filed_on                     date
//   reason                       string
//   needs_provider_verification  boolean
//   working_days                 int
//   deadline                     date
//   provisional                  boolean
//   status                       string
//   outcome                      string?
//   reasons                      string?
//   decided_on                   date?
//   on_time                      boolean?
//   record_state                 string?
//   overdue                      boolean
//   pauses                       list<map>
// Objections with their record, subject and pauses; overdue means still open after the
// deadline (R-TIME-3). Soonest deadline first.
MATCH (o:Objection)-[:ON_RECORD]->(r:Record)
WHERE ($ids IS NULL OR o.id IN $ids) AND ($status IS NULL OR o.status = $status)
WITH o, r, (o.status = 'open' AND o.deadline < $as_of) AS overdue
WHERE $overdue IS NULL OR overdue = $overdue
OPTIONAL MATCH (s:Subject)-[:HAS_RECORD]->(r)
CALL (o) {
  OPTIONAL MATCH (o)-[:PAUSED_BY]->(p:ObjectionPause)
  WITH p ORDER BY p.first_day
  RETURN collect(p {.kind, start: p.first_day, end: p.last_day}) AS pauses
}
RETURN o.id AS id, r.id AS record, s.id AS subject, o.filed_by AS filed_by, o.filed_on AS filed_on,
       o.reason AS reason, o.needs_provider_verification AS needs_provider_verification,
       o.working_days AS working_days, o.deadline AS deadline,
       coalesce(o.deadline_provisional, false) AS provisional, o.status AS status,
       o.outcome AS outcome, o.reasons AS reasons, o.decided_on AS decided_on,
       o.on_time AS on_time, o.record_state AS record_state, overdue, pauses
ORDER BY deadline, id
