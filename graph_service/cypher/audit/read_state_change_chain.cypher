// name: read_state_change_chain
// mode: read
// returns: many
// params:
//   $after  int  the last sequence number already read
//   $limit  int  how many entries at most
// columns:
//   seq     int
//   props   map
//   owners  list<string>
// State changes in chain order after $after, with the id each hangs from (a deletion stands
// for its record, a feedback hit is known by its key), for `graph-service audit verify` (R-TIME-5).
MATCH (n:StateChange)
WHERE n.seq > $after
RETURN n.seq AS seq, properties(n) AS props,
       [(o)-[:HAS_CHANGE]->(n) | CASE WHEN o:Deletion THEN o.record_id WHEN o:Hit THEN o.key ELSE o.id END] AS owners
ORDER BY n.seq
LIMIT $limit
