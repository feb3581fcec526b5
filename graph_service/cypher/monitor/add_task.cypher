// name: add_task
// mode: write
// returns: none
// params:
//   $id     string  a new task id
//   $seeds  string  JSON: what the change touched (subject, record, list ids, ...)
//   $cause  string  what changed (ingest:<kind>, workflow:<name>, ...)
// The monitor's outbox: a change that can move a watched decision, written in the change's
// own transaction, so that a crash between the change and the re-screen loses nothing.
CREATE (:MonitorTask {id: $id, seeds: $seeds, cause: $cause, created_at: datetime()})
