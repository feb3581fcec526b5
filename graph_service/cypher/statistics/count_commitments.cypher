// name: count_commitments
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
// Credit commitments made in the period, and those found kept or broken in it (Art. 33),
// grouped $by: the month of the day counted, the authority holding them, or the subject's
// region (no list or measure: a commitment is about a matter).
MATCH (c:Commitment)
WHERE (c.made_on >= $from AND c.made_on <= $to)
   OR (c.checked_on >= $from AND c.checked_on <= $to)
OPTIONAL MATCH (s:Subject {id: c.subject_id})
UNWIND [
  {metric: 'commitments_made', on: c.made_on},
  {metric: 'commitments_kept', on: CASE WHEN c.kept = true THEN c.checked_on END},
  {metric: 'commitments_broken', on: CASE WHEN c.kept = false THEN c.checked_on END}
] AS m
WITH m, CASE $by
    WHEN 'all' THEN 'all'
    WHEN 'month' THEN substring(toString(m.on), 0, 7)
    WHEN 'authority' THEN c.authority_code
    WHEN 'region' THEN s.region
  END AS key
WHERE m.on >= $from AND m.on <= $to
RETURN key, m.metric AS metric, count(*) AS value, 0 AS extra
