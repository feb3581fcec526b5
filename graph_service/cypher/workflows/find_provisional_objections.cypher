// name: find_provisional_objections
// mode: read
// returns: many
// params:
// columns:
//   id            string
//   filed_on      date
//   working_days  int
//   pauses        list<map>
// Open objections whose deadline was counted on statutory holidays alone, with what their
// recount needs (Art. 40-41: settled once the State Council's notice is loaded).
MATCH (o:Objection)
WHERE o.deadline_provisional = true AND o.status = 'open'
CALL (o) {
  OPTIONAL MATCH (o)-[:PAUSED_BY]->(p:ObjectionPause)
  RETURN collect(p {start: p.first_day, end: p.last_day}) AS pauses
}
RETURN o.id AS id, o.filed_on AS filed_on, o.working_days AS working_days, pauses
