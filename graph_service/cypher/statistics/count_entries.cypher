// name: count_entries
// mode: read
// returns: many
// params:
//   $from  date    the first day of the period
//   $to    date    the last day of the period
//   $by    string  all, month, list, measure, authority or region
// columns:
//   key     string?
//   metric  string
//   value   int
//   extra   int
// List entries added and removed in the period, and those in force on its last day with
// their subjects, grouped $by: the month of the day counted, the list, each measure
// targeting the list, the list's issuer, or the listed subject's region.
MATCH (e:ListEntry)-[:ON]->(l:List)
WHERE e.listed_at <= $to AND (e.removed_on IS NULL OR e.removed_on >= $from)
MATCH (e)-[:LISTS]->(s:Subject)
OPTIONAL MATCH (l)-[:ISSUED_BY]->(a:Authority)
CALL (l) {
  OPTIONAL MATCH (x:Measure)-[:TARGETS]->(l)
  RETURN collect(x.code) AS measures
}
UNWIND CASE WHEN $by = 'measure' AND size(measures) > 0 THEN measures ELSE [null] END AS measure
UNWIND [
  {metric: 'entries_added',
   on: CASE WHEN e.listed_at >= $from THEN e.listed_at END},
  {metric: 'entries_removed',
   on: CASE WHEN e.removed_on IS NOT NULL AND e.removed_on <= $to THEN e.removed_on END},
  {metric: 'entries_in_force',
   on: CASE WHEN e.removed_on IS NULL OR e.removed_on > $to THEN $to END}
] AS m
WITH e, s, m, CASE $by
    WHEN 'all' THEN 'all'
    WHEN 'month' THEN substring(toString(m.on), 0, 7)
    WHEN 'list' THEN l.id
    WHEN 'measure' THEN measure
    WHEN 'authority' THEN a.code
    WHEN 'region' THEN s.region
  END AS key
WHERE m.on IS NOT NULL
RETURN key, m.metric AS metric, count(DISTINCT e) AS value, count(DISTINCT s) AS extra
