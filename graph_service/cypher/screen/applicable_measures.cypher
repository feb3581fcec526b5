// name: applicable_measures
// mode: read
// returns: many
// params:
//   $pairs    list<map>  {list, domain}: the list of an entry in force, the domain of its record
//   $as_of    date       the day the answer holds for
//   $matter   string?    matter code, or null for every matter (generated lists)
//   $measure  string?    measure code, or null for every catalogued measure
//   $subdomain_depth  int  ambient: the domain tree's depth bound (R-PROP-4, domain/vocabulary.py)
// columns:
//   list            string
//   domain          string
//   measure         string
//   roles           list<string>
//   legal_basis     string
//   description     string?
//   means           string
//   authority       string?
//   authority_name  string?
//   all_matters     boolean
//   linked_matters  list<string>
// The catalogued sanction measures (R-LIST-5) targeting each list, published on or before
// $as_of (R-LIST-4), that reach a linked matter: one the measure concerns (only $matter when
// given) whose domain is the record's domain, an ancestor or a descendant within 10 levels;
// or every matter when the measure says so (R-PROP-4). Nothing else of the record matters, so
// the caller asks once per distinct pair (a list has thousands of records, a few dozen pairs).
UNWIND $pairs AS pair
MATCH (:List {id: pair.list})<-[:TARGETS]-(x:Measure {kind: 'SANCTION'})
WHERE x.published_at <= $as_of AND ($measure IS NULL OR x.code = $measure)
MATCH (dr:Domain {code: pair.domain})
CALL (x, dr) {
  OPTIONAL MATCH (x)-[:CONCERNS]->(m:Matter)-[:IN_DOMAIN]->(dm:Domain)
  WHERE ($matter IS NULL OR m.code = $matter)
    AND (dm = dr
         OR EXISTS { MATCH p = (dr)-[:SUBDOMAIN_OF]->+(dm) WHERE length(p) <= $subdomain_depth }
         OR EXISTS { MATCH p = (dm)-[:SUBDOMAIN_OF]->+(dr) WHERE length(p) <= $subdomain_depth })
  RETURN collect(DISTINCT m.code) AS linked_matters
}
WITH pair, x, linked_matters
WHERE x.all_matters OR size(linked_matters) > 0
OPTIONAL MATCH (x)-[:IMPLEMENTED_BY]->(a:Authority)
RETURN pair.list AS list, pair.domain AS domain, x.code AS measure, x.roles AS roles,
       x.legal_basis AS legal_basis, x.description AS description, x.means AS means,
       a.code AS authority, a.name AS authority_name, x.all_matters AS all_matters,
       linked_matters
ORDER BY list, domain, measure
