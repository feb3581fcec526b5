// name: representation_counts
// mode: read
// returns: many
// params:
//   $person_ids  list<string>  the natural persons to count for
//   $as_of       date          only roles held on this day
// columns:
//   person         string
//   organisations  int
//   sample         list<string>
// How many organisations each person is the legal representative of on $as_of, anywhere in
// the graph (R-SUBJ-2): the data-quality report flags implausibly many.
UNWIND $person_ids AS pid
MATCH (p:NaturalPerson {id: pid})-[r:LEGAL_REPRESENTATIVE_OF]->(o:Subject)
WHERE r.valid_from <= $as_of AND (r.valid_to IS NULL OR $as_of < r.valid_to)
RETURN p.id AS person, count(DISTINCT o) AS organisations, collect(DISTINCT o.id)[..50] AS sample
ORDER BY person
