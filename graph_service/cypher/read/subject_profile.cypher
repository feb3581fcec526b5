// name: subject_profile
// mode: read
// returns: one
// params:
//   $subject_id   string        the subject (USCC or person pseudonym)
//   $as_of        date          roles, holdings and entries valid on this day; records acted by it
//   $disclosures  list<string>  catalogue disclosure attributes the caller may see (R-INFO-2)
//   $expired_through  date      the last act_end already out of force on $as_of (R-TIME-1)
// columns:
//   id         string
//   kind       string
//   name       string
//   region     string
//   masked_id  string?
//   extra      string?
//   roles      list<map>
//   holdings   list<map>
//   records    list<map>
//   entries    list<map>
// A subject's profile as of $as_of: identity (never a clear resident ID, R-SUBJ-1), the role
// links and holdings in force either way (R-SUBJ-2, -3), its records the caller may see with
// the dates that decide whether they are in force (R-TIME-1, -2, -4), and its list entries.
MATCH (s:Subject {id: $subject_id})
RETURN s.id AS id, s.kind AS kind, s.name AS name, s.region AS region,
       s.masked_id AS masked_id, s.extra AS extra,
       COLLECT {
         MATCH (s)-[r:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF]-(:Subject)
         WHERE r.valid_from <= $as_of AND (r.valid_to IS NULL OR $as_of < r.valid_to)
         WITH r, startNode(r) AS h, endNode(r) AS o
         RETURN {type: type(r), holder: h.id, holder_name: h.name, org: o.id, org_name: o.name,
                 valid_from: r.valid_from, valid_to: r.valid_to}
       } AS roles,
       COLLECT {
         MATCH (s)-[r:HOLDS_SHARES_IN]-(:Subject)
         WHERE r.valid_from <= $as_of AND (r.valid_to IS NULL OR $as_of < r.valid_to)
         WITH r, startNode(r) AS h, endNode(r) AS o
         RETURN {holder: h.id, holder_name: h.name, org: o.id, org_name: o.name,
                 ratio: r.ratio, valid_from: r.valid_from, valid_to: r.valid_to}
       } AS holdings,
       COLLECT {
         MATCH (s)-[:HAS_RECORD]->(r:Record)-[:CLASSIFIED_AS]->(c:CatalogueItem)
         WHERE c.disclosure IN $disclosures AND r.act_start <= $as_of
         OPTIONAL MATCH (r)-[:IN_DOMAIN]->(d:Domain)
         RETURN {id: r.id, type: r.type, category: r.category, serious: r.serious,
                 document: r.document, domain: d.code, catalogue_item: c.code,
                 act_start: r.act_start, act_end: r.act_end, state: r.state,
                 repaired_on: r.repaired_on, revoked_on: r.revoked_on,
                 expired: r:Dishonesty AND r.act_end IS NOT NULL
                          AND r.act_end <= $expired_through}
       } AS records,
       COLLECT {
         MATCH (s)<-[:LISTS]-(e:ListEntry)-[:ON]->(l:List)
         WHERE e.effective_from <= $as_of  // took effect (set_entry_effect.cypher, Art. 28)
         OPTIONAL MATCH (e)-[:BASED_ON]->(r:Record)
         RETURN {id: e.id, list: l.id, list_type: l.type, record: r.id, listed_at: e.listed_at,
                 removed_on: e.removed_on, state: e.state}
       } AS entries
