// name: set_sweep_day
// mode: write
// returns: none
// params:
//   $day  date  the day the sweep has now covered
// Records the last day swept, never moving it back.
MERGE (m:MonitorState {name: 'sweep'})
SET m.last_day = CASE WHEN m.last_day IS NULL OR m.last_day < $day THEN $day ELSE m.last_day END
