// name: lock_record
// mode: write
// returns: one
// params:
//   $record_id  string  the record a workflow acts on
// columns:
//   id               string
//   type             string
//   category         string?
//   serious          boolean?
//   document         string?
//   act_start        date
//   act_end          date?
//   state            string
//   objection_open   boolean
//   repaired_on      date?
//   revoked_on       date?
//   subject          string?
//   provider         string?
//   open_objections  list<string>
// Takes the record's write lock until the transaction ends, so that two workflows on one
// record run one after the other, and returns what the workflows check once it holds the
// lock: type, category, dates, state, owner, provider and open objections. The lock comes
// from a blind write (it reads no property of the record first), which cannot deadlock
// the way a read-then-write lock upgrade does.
MATCH (r:Record {id: $record_id})
SET r.workflow_at = datetime()
WITH r
OPTIONAL MATCH (s:Subject)-[:HAS_RECORD]->(r)
OPTIONAL MATCH (r)-[:PROVIDED_BY]->(a:Authority)
CALL (r) {
  OPTIONAL MATCH (o:Objection {status: 'open'})-[:ON_RECORD]->(r)
  RETURN collect(o.id) AS open_objections
}
RETURN r.id AS id, r.type AS type, r.category AS category, r.serious AS serious,
       r.document AS document, r.act_start AS act_start, r.act_end AS act_end,
       coalesce(r.state, 'in_force') AS state,
       coalesce(r.objection_open, false) AS objection_open,
       r.repaired_on AS repaired_on, r.revoked_on AS revoked_on, s.id AS subject,
       a.code AS provider, open_objections
