// name: report_records
// mode: read
// returns: many
// params:
//   $subject_id   string        the subject reported on
//   $disclosures  list<string>  catalogue disclosure attributes the caller may see (R-INFO-2)
//   $as_of        date          the day `in_force` is decided for (R-TIME-1, -2, -4)
//   $expired_through  date      the last act_end already out of force on $as_of (R-TIME-1)
//   $full_history boolean       the credit office or the subject itself: removed records too
// columns:
//   id              string
//   type            string
//   category        string
//   serious         boolean
//   document        string
//   act_start       date
//   act_end         date
//   received_at     date
//   state           string
//   repaired_on     any
//   revoked_on      date?
//   in_force        boolean
//   removed         string?
//   objection       boolean
//   provider        string
//   provider_name   string
//   domain          string
//   catalogue_item  string
//   disclosure      string
//   changes         list<map>
//   objections      list<map>
//   repairs         list<any>
// The subject's records the caller may see, with their source, catalogue item, workflow
// dates, objections, repairs and every state change with its reason (Art. 39, R-TIME-5).
// What the law removes (five years after the act, revoked, repaired: Art. 42 para 2, 43, 45
// para 2) is shown, marked by `removed`, only with $full_history.
MATCH (s:Subject {id: $subject_id})-[:HAS_RECORD]->(r:Record)-[:CLASSIFIED_AS]->(c:CatalogueItem)
WHERE c.disclosure IN $disclosures
WITH r, c, CASE
       WHEN r.revoked_on <= $as_of THEN 'revoked'
       WHEN r.repaired_on <= $as_of THEN 'repaired'
       WHEN r:Dishonesty AND r.act_end <= $expired_through THEN 'expired'
     END AS removed
WHERE $full_history OR removed IS NULL
OPTIONAL MATCH (r)-[:PROVIDED_BY]->(a:Authority)
OPTIONAL MATCH (r)-[:IN_DOMAIN]->(d:Domain)
CALL (r) {
  OPTIONAL MATCH (r)-[:HAS_CHANGE]->(ch:StateChange)
  WITH ch ORDER BY ch.at
  RETURN collect(ch {.at, .by, .from, .to, .reason}) AS changes
}
CALL (r) {
  OPTIONAL MATCH (o:Objection)-[:ON_RECORD]->(r)
  WITH o ORDER BY o.filed_on
  RETURN collect(o {.id, .filed_on, .deadline, .status, .reason,
    provisional: coalesce(o.deadline_provisional, false)}) AS objections
}
CALL (r) {
  OPTIONAL MATCH (p:Repair)-[:ON_RECORD]->(r)
  WITH p ORDER BY p.at
  RETURN collect(p {.id, .kind, .method, .repaired_on, .grace_until}) AS repairs
}
RETURN r.id AS id, r.type AS type, r.category AS category, r.serious AS serious,
       r.document AS document, r.act_start AS act_start, r.act_end AS act_end,
       r.received_at AS received_at, r.state AS state, r.repaired_on AS repaired_on,
       r.revoked_on AS revoked_on,
       (r.act_start <= $as_of
        AND (r.revoked_on IS NULL OR r.revoked_on > $as_of)
        AND (r.repaired_on IS NULL OR r.repaired_on > $as_of)
        AND (r.act_end IS NULL OR r.act_end > $expired_through)) AS in_force, removed,
       coalesce(r.objection_open, false) AS objection,
       a.code AS provider, a.name AS provider_name, d.code AS domain, c.code AS catalogue_item,
       c.disclosure AS disclosure, changes, objections, repairs
ORDER BY act_start, id
