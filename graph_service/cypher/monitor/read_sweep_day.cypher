// name: read_sweep_day
// mode: read
// returns: many
// params:
// columns:
//   last_day  date
// The last day the daily sweep covered (none before the first sweep).
MATCH (m:MonitorState {name: 'sweep'})
RETURN m.last_day AS last_day
