// name: finish_tasks
// mode: write
// returns: none
// params:
//   $ids  list<string>  tasks done
// Removes outbox tasks once their re-screen has committed its events.
UNWIND $ids AS tid
MATCH (t:MonitorTask {id: tid})
DELETE t
