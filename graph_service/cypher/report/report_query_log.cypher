// name: report_query_log
// mode: read
// returns: one
// params:
//   $subject_id  string  the subject reported on
//   $before      int?    a page's cursor: only entries earlier in the chain than this sequence number; null: from the newest
//   $limit       int     the most entries returned (a page's size)
// columns:
//   total    int
//   entries  list<map>
//   next     int?
// Who queried the subject (for an authority, which one: Art. 21), when, why and what
// (Art. 39, R-SEC-3): one page of the log, newest first in chain order, the cursor of the
// next (older) page (null on the last) and how many entries the log holds in all, so that a
// long log costs one page, not all of it (issue 17; docs/DECISIONS.md). A cursor, not an
// offset: every report read adds an entry at the top, which would shift offsets. `at` comes
// as its ISO string, which the answer's model parses: the driver's own temporal decoding
// cost half the page's time, and the answer is byte for byte the same.
CALL () {
  MATCH (q:QueryLog {subject: $subject_id})
  RETURN count(q) AS total
}
CALL () {
  MATCH (q:QueryLog {subject: $subject_id})
  WHERE $before IS NULL OR q.seq < $before
  WITH q
  ORDER BY q.seq DESC
  LIMIT $limit + 1
  WITH collect(q) AS found
  RETURN [q IN found[..$limit] | q {at: toString(q.at), .actor, .role, .authority, .purpose,
          .endpoint, .categories}] AS entries,
         CASE WHEN size(found) > $limit THEN found[$limit - 1].seq END AS next
}
RETURN total, entries, next
