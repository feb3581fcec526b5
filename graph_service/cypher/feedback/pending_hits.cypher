// name: pending_hits
// mode: read
// returns: many
// params:
//   $holder  string? the authority whose hits are listed, or null for every authority
//   $limit   int     the most hits returned
// columns:
//   hit  map
// Hits still owed feedback, the longest-due first.
MATCH (h:Hit)
WHERE h.status = 'open' AND ($holder IS NULL OR h.holder = $holder)
RETURN h {.holder, .subject, .matter, .measure, .entry, .list, .decision, .opened_on,
          .due_on, .status, .outcome, .decided_on, .case_ref, .note, .fed_back_on,
          .on_time} AS hit
ORDER BY h.due_on, h.key
LIMIT $limit
