// name: count_hits
// mode: read
// returns: many
// params:
//   $from   date    the first day of the period
//   $to     date    the last day of the period
//   $today  date    the day overdue is judged on
//   $by     string  all, month, list, measure, authority or region
// columns:
//   key     string?
//   metric  string
//   value   int
//   extra   int
// Hits opened in the period, feedback given, measures applied (by the day the authority
// decided) and feedback overdue (by its due day: not given, or given late), grouped $by:
// the month of the day counted, the entry's list, the measure, the authority answered, or
// the subject's region.
MATCH (h:Hit)
WHERE (h.opened_on >= $from AND h.opened_on <= $to)
   OR (h.fed_back_on >= $from AND h.fed_back_on <= $to)
   OR (h.decided_on >= $from AND h.decided_on <= $to)
   OR (h.due_on >= $from AND h.due_on <= $to)
OPTIONAL MATCH (s:Subject {id: h.subject})
UNWIND [
  {metric: 'hits', on: h.opened_on},
  {metric: 'feedback_given', on: h.fed_back_on},
  {metric: 'measures_applied', on: CASE WHEN h.outcome = 'APPLIED' THEN h.decided_on END},
  {metric: 'feedback_overdue',
   on: CASE WHEN h.due_on < $today AND (h.fed_back_on IS NULL OR h.fed_back_on > h.due_on)
       THEN h.due_on END}
] AS m
WITH h, m, CASE $by
    WHEN 'all' THEN 'all'
    WHEN 'month' THEN substring(toString(m.on), 0, 7)
    WHEN 'list' THEN h.list
    WHEN 'measure' THEN h.measure
    WHEN 'authority' THEN h.holder
    WHEN 'region' THEN s.region
  END AS key
WHERE m.on >= $from AND m.on <= $to
RETURN key, m.metric AS metric, count(h) AS value, 0 AS extra
