// name: screen_subjects
// mode: read
// returns: many
// params:
//   $subject_ids  list<string>  the subjects screened (one answer row per item, repeats kept)
//   $as_of        date          the day the answer holds for
//   $matter       string?       matter code, or null for every matter
//   $home_region  string  ambient: the home region's code (R-LIST-6, domain/vocabulary.py)
//   $subdomain_depth  int  ambient: the domain tree's depth bound (R-PROP-4, domain/vocabulary.py)
// columns:
//   subject             string
//   known               boolean
//   rewards             list<map>
//   broken_commitments  list<map>
//   matter_known        boolean
// What a screening needs before the sanctions, in one round trip: whether each subject and the
// matter exist (unknown ones are refused, not answered `allowed`), and the reward measures
// that apply to each subject (DESIGN §5, R-PROP-7): an entry in force lists the subject on a
// list the measure targets, the measure is published on or before $as_of (R-LIST-4) and
// concerns $matter or all matters; a Beijing or Hebei list only while a recognition agreement
// for its type is in force (R-LIST-6), and only from the list's publication (Art. 28, 30).
// Withholding is the caller's.
// An entry takes effect from `effective_from` (set only by set_entry_effect.cypher, Art. 28).
// And, beside the decision (never a sanction), the credit commitments the subject was found on
// or before $as_of not to have kept for a matter linked to $matter: the same domain, an
// ancestor or a descendant within 10 levels, as for measures (Art. 33, R-PROP-4).
UNWIND $subject_ids AS sid
OPTIONAL MATCH (s:Subject {id: sid})
CALL (s) {
  OPTIONAL MATCH (s)<-[:LISTS]-(e:ListEntry)-[:ON]->(l:List)<-[:TARGETS]-(x:Measure {kind: 'REWARD'})
  WHERE e.effective_from <= $as_of AND (e.removed_on IS NULL OR e.removed_on > $as_of) AND l.published_at <= $as_of
    AND (l.region STARTS WITH $home_region OR EXISTS {
          MATCH (g:Recognition {region: l.region, list_type: l.type})
          WHERE g.valid_from <= $as_of AND (g.valid_to IS NULL OR g.valid_to > $as_of) })
    AND x.published_at <= $as_of
    AND (x.all_matters OR $matter IS NULL OR EXISTS { (x)-[:CONCERNS]->(:Matter {code: $matter}) })
  OPTIONAL MATCH (x)-[:IMPLEMENTED_BY]->(a:Authority)
  WITH x, e, l, a
  ORDER BY x.code, e.id
  RETURN collect(CASE WHEN x IS NULL THEN null ELSE {
           measure: x.code, entry: e.id, list: l.id, list_type: l.type,
           recognised: CASE WHEN l.region STARTS WITH $home_region THEN null ELSE l.region END,
           legal_basis: x.legal_basis, description: x.description, authority: a.code
         } END) AS rewards
}
CALL (s) {
  OPTIONAL MATCH (s)-[:MADE]->(c:Commitment)-[:FOR_MATTER]->(:Matter)-[:IN_DOMAIN]->(dc:Domain)
  WHERE $matter IS NOT NULL AND c.kept = false AND c.checked_on <= $as_of
    AND EXISTS {
      MATCH (:Matter {code: $matter})-[:IN_DOMAIN]->(dm:Domain)
      WHERE dc = dm
         OR EXISTS { MATCH p = (dc)-[:SUBDOMAIN_OF]->+(dm) WHERE length(p) <= $subdomain_depth }
         OR EXISTS { MATCH p = (dm)-[:SUBDOMAIN_OF]->+(dc) WHERE length(p) <= $subdomain_depth } }
  WITH DISTINCT c
  ORDER BY c.id
  RETURN collect(c {commitment: c.id, commitment_kind: c.kind, matter: c.matter_code,
                    made_on: c.made_on, due_on: c.due_on, checked_on: c.checked_on,
                    document: c.verification_document}) AS broken_commitments
}
RETURN sid AS subject, s IS NOT NULL AS known, rewards, broken_commitments,
       $matter IS NULL OR EXISTS { MATCH (:Matter {code: $matter}) } AS matter_known
