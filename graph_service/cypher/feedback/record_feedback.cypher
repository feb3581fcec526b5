// name: record_feedback
// mode: write
// returns: one
// params:
//   $key         string  the hit's key
//   $outcome     string  APPLIED, NOT_APPLIED or NOT_APPLICABLE
//   $decided_on  date    the day the authority decided
//   $case_ref    string? the authority's case number, or null
//   $note        string? the authority's note, or null
//   $today       date    the day the feedback is received
//   $actor       string  who gives it (role and token id)
// columns:
//   hit       map
//   replaced  string?
// Records what the authority did with a hit; feedback given again replaces the earlier one,
// which stays in the hit's history: `replaced` is the earlier outcome, whose StateChange the
// caller chains (graph_service/store/audit.py, R-TIME-5).
MATCH (h:Hit {key: $key})
WITH h, h.outcome AS replaced
SET h.status = 'done', h.outcome = $outcome, h.decided_on = $decided_on,
    h.case_ref = $case_ref, h.note = $note, h.fed_back_on = $today, h.fed_back_at = datetime(),
    h.fed_back_by = $actor,
    h.on_time = CASE WHEN h.due_on IS NULL THEN null ELSE $today <= h.due_on END
RETURN h {.holder, .subject, .matter, .measure, .entry, .list, .decision, .opened_on,
          .due_on, .status, .outcome, .decided_on, .case_ref, .note, .fed_back_on,
          .on_time} AS hit, replaced
