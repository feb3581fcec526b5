// name: claim_tasks
// mode: write
// returns: many
// params:
//   $worker  string   the claiming worker
//   $limit   integer  the most tasks taken
//   $lease   integer  seconds after which a claim of a worker that died lapses
// columns:
//   id     string
//   seeds  string
//   cause  string
// The oldest unclaimed (or lapsed) outbox tasks, claimed for one worker.
MATCH (t:MonitorTask)
WHERE t.claimed_at IS NULL OR t.claimed_at < datetime() - duration({seconds: $lease})
WITH t
ORDER BY t.created_at, t.id
LIMIT $limit
SET t.claimed_at = datetime(), t.worker = $worker
RETURN t.id AS id, t.seeds AS seeds, t.cause AS cause
