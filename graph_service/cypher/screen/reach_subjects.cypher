// name: reach_subjects
// mode: read
// returns: many
// params:
//   $subject_ids  list<string>  the subjects screened
//   $as_of        date          the day the answer holds for (R-TIME-1)
//   $list_types   list<string>  list types considered (SERIOUS, JOINT_SANCTION, JOINT_REWARD)
//   $max_depth    int           the control chain's depth bound (GRAPH_SERVICE_CONTROL_MAX_DEPTH)
//   $expired_through  date      the last act_end already out of force on $as_of (R-TIME-1)
//   $self_role  string  ambient: the role of the listed subject itself (R-LIST-3)
//   $role_of_link  map  ambient: the role each role link carries (R-SUBJ-2, Art. 32)
//   $controller_role  string  ambient: the role of a control chain's top (R-PROP-3)
//   $declared_control_link  string  ambient: the link that declares control (R-SUBJ-3)
//   $home_region  string  ambient: the home region's code (R-LIST-6, domain/vocabulary.py)
// columns:
//   subject           string
//   entry             string
//   remedy            string?
//   list              string
//   list_type         string
//   recognised        string?
//   record            string
//   domain            string?
//   document          string?
//   act_start         date
//   act_end           date?
//   act_until         date
//   serious           boolean
//   objection         boolean
//   disclosure        string
//   role              string
//   via               string?
//   chain             boolean
//   control_bound     float?
//   control_declared  boolean?
// The list entries in force on $as_of that reach each subject (DESIGN §5 rules 1 and 3):
// listed itself (SELF), or through a role in a listed organisation whose interval overlaps
// the act (R-PROP-1, R-PROP-2), or as a candidate ultimate controller up the holding chain
// (`chain` true: the caller verifies control during the act, R-PROP-3; `control_bound` and
// `control_declared` let it skip candidates that cannot control: no declared control and
// at most 50 % in all, R-SUBJ-3). Lists issued in
// Beijing or Hebei count while a recognition agreement for their type is in force (R-LIST-6;
// `recognised` names their region). Each row carries the
// record in force behind the entry (R-TIME-1, R-TIME-4, R-TIME-2), its domain (for the linked
// matters, R-PROP-4) and the link's interval. Whether a measure applies does not depend on who
// asks (Art. 24, 29): every record counts, and the caller hides what its role may not see
// (`disclosure`). An entry takes effect from its list's publication (Art. 28, 30).
// An entry takes effect from `effective_from` (set only by set_entry_effect.cypher, Art. 28).
UNWIND $subject_ids AS sid
MATCH (s:Subject {id: sid})
CALL (s) {
    MATCH (e:ListEntry)-[:LISTS]->(s)
    RETURN e, $self_role AS role, null AS via, null AS valid_from, null AS valid_to, false AS chain,
           null AS control_bound, null AS control_declared
  UNION
    MATCH (s)-[k:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF]->(o:Subject)
          <-[:LISTS]-(e:ListEntry)
    RETURN e, $role_of_link[type(k)] AS role, o AS via, k.valid_from AS valid_from,
           k.valid_to AS valid_to, false AS chain, null AS control_bound,
           null AS control_declared
  UNION
    // Listed organisations within $max_depth links below s (each subject visited once, its
    // distance the shortest path's), with the links into them from s or from below s: only
    // these can make s their controller, so `control_bound` (the sum of their ratios, over
    // every interval) bounds s's share.
    // One breadth-first search from s (not one shortest path per pair, issue 17).
    CALL (s) {
        RETURN s AS h
      UNION
        MATCH p = ANY SHORTEST (s)-[:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF]->+(h:Subject)
        WHERE length(p) < $max_depth
        RETURN h
    }
    MATCH (h)-[k:HOLDS_SHARES_IN|ACTUAL_CONTROLLER_OF]->(o:Subject)<-[:LISTS]-(e:ListEntry)
    WITH e, o, collect(DISTINCT k) AS links
    RETURN e, $controller_role AS role, o AS via, null AS valid_from, null AS valid_to,
           true AS chain,
           reduce(total = 0.0, k IN links | total + coalesce(k.ratio, 0.0)) AS control_bound,
           any(k IN links WHERE type(k) = $declared_control_link) AS control_declared
}
WITH s, e, role, via, valid_from, valid_to, chain, control_bound, control_declared
MATCH (e)-[:ON]->(l:List)
WHERE e.effective_from <= $as_of AND (e.removed_on IS NULL OR e.removed_on > $as_of) AND l.published_at <= $as_of
  AND l.type IN $list_types
  AND (l.region STARTS WITH $home_region OR EXISTS {
        MATCH (g:Recognition {region: l.region, list_type: l.type})
        WHERE g.valid_from <= $as_of AND (g.valid_to IS NULL OR g.valid_to > $as_of) })
MATCH (e)-[:BASED_ON]->(r:Dishonesty)-[:CLASSIFIED_AS]->(c:CatalogueItem)
WHERE r.act_start <= $as_of
  AND (r.revoked_on IS NULL OR r.revoked_on > $as_of)
  AND (r.repaired_on IS NULL OR r.repaired_on > $as_of)
  AND (r.act_end IS NULL OR r.act_end > $expired_through)
WITH s, e, l, r, c, role, via, valid_from, valid_to, chain, control_bound, control_declared,
     coalesce(r.act_end, $as_of) AS act_until
WHERE role = $self_role OR chain OR (valid_from <= act_until AND (valid_to IS NULL OR valid_to > r.act_start))
RETURN s.id AS subject, e.id AS entry, e.remedy AS remedy, l.id AS list, l.type AS list_type,
       CASE WHEN l.region STARTS WITH $home_region THEN null ELSE l.region END AS recognised,
       r.id AS record, [(r)-[:IN_DOMAIN]->(d:Domain) | d.code][0] AS domain,
       r.document AS document, r.act_start AS act_start, r.act_end AS act_end,
       act_until, r.serious AS serious, coalesce(r.objection_open, false) AS objection,
       c.disclosure AS disclosure,
       role, via.id AS via, chain, control_bound, control_declared
ORDER BY subject, entry, role, via
