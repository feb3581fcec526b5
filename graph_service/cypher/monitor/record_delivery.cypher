// name: record_delivery
// mode: write
// returns: none
// params:
//   $webhook   string   the webhook
//   $event     integer  the event delivered
//   $attempt   integer  1 for the first try
//   $status    integer? the receiver's HTTP status, or null when it did not answer
//   $ok        boolean  a 2xx answer: the event is delivered
//   $error     string?  why it failed, or null
//   $next_at   datetime? when the next attempt is due (null when delivered)
// Logs one delivery attempt and moves the webhook's cursor past a delivered event (at least
// once: the cursor moves only after the receiver's 2xx) or schedules the retry.
MATCH (h:Webhook {id: $webhook})
CREATE (:Delivery {webhook: $webhook, event: $event, attempt: $attempt, status: $status,
                   ok: $ok, error: $error, at: datetime()})
SET h.delivered = CASE WHEN $ok AND h.delivered < $event THEN $event ELSE h.delivered END,
    h.attempts = CASE WHEN $ok THEN 0 ELSE $attempt END,
    h.next_at = $next_at
