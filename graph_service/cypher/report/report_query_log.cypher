// name: report_query_log
// mode: read
// returns: many
// params:
//   $subject_id  string  the subject reported on
//   $limit       int     the most recent entries returned
// columns:
//   at          datetime
//   actor       string
//   role        string
//   authority   string?
//   purpose     string?
//   endpoint    string
//   categories  list<string>
// Who queried the subject (for an authority, which one: Art. 21), when, why and what
// (Art. 39, R-SEC-3), newest first.
MATCH (q:QueryLog {subject: $subject_id})
RETURN q.at AS at, q.actor AS actor, q.role AS role, q.authority AS authority,
       q.purpose AS purpose, q.endpoint AS endpoint, q.categories AS categories
ORDER BY at DESC
LIMIT $limit
