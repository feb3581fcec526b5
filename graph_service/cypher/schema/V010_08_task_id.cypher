// name: V010_08_task_id
// mode: schema
// returns: none
// params:
// Re-screening tasks of the monitor's outbox, taken oldest first.
CREATE CONSTRAINT MonitorTask_id_unique IF NOT EXISTS FOR (n:MonitorTask) REQUIRE n.id IS UNIQUE
