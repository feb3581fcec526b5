// name: count_workflows
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
// Objections filed, decided and upheld (with the calendar days from filing to decision),
// repairs completed and revocations or changes acted on in the period (R-TIME-2..4),
// grouped $by: the month of the day counted, each list with an entry based on the record,
// the record's provider, or the subject's region (no measure: a workflow concerns a record).
CALL () {
  MATCH (o:Objection)-[:ON_RECORD]->(r:Record)
  WHERE (o.filed_on >= $from AND o.filed_on <= $to)
     OR (o.decided_on >= $from AND o.decided_on <= $to)
  UNWIND [
    {metric: 'objections_filed', on: o.filed_on, days: 0},
    {metric: 'objections_decided', on: o.decided_on,
     days: CASE WHEN o.decided_on IS NULL THEN 0
           ELSE duration.inDays(o.filed_on, o.decided_on).days END},
    {metric: 'objections_upheld', on: CASE WHEN o.outcome = 'UPHELD' THEN o.decided_on END,
     days: 0}
  ] AS m
  RETURN r, m
  UNION ALL
  MATCH (p:Repair {kind: 'REPAIR'})-[:ON_RECORD]->(r:Record)
  WHERE p.repaired_on >= $from AND p.repaired_on <= $to
  RETURN r, {metric: 'repairs', on: p.repaired_on, days: 0} AS m
  UNION ALL
  MATCH (v:Revocation)-[:ON_RECORD]->(r:Record)
  WHERE v.acted_on >= $from AND v.acted_on <= $to
  RETURN r, {metric: 'revocations', on: v.acted_on, days: 0} AS m
}
WITH r, m WHERE m.on >= $from AND m.on <= $to
OPTIONAL MATCH (s:Subject)-[:HAS_RECORD]->(r)
OPTIONAL MATCH (r)-[:PROVIDED_BY]->(a:Authority)
CALL (r) {
  OPTIONAL MATCH (e:ListEntry)-[:BASED_ON]->(r), (e)-[:ON]->(l:List)
  RETURN collect(DISTINCT l.id) AS lists
}
UNWIND CASE WHEN $by = 'list' AND size(lists) > 0 THEN lists ELSE [null] END AS list
WITH m, CASE $by
    WHEN 'all' THEN 'all'
    WHEN 'month' THEN substring(toString(m.on), 0, 7)
    WHEN 'list' THEN list
    WHEN 'authority' THEN a.code
    WHEN 'region' THEN s.region
  END AS key
RETURN key, m.metric AS metric, count(*) AS value, sum(m.days) AS extra
