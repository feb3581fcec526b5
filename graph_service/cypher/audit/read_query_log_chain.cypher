// name: read_query_log_chain
// mode: read
// returns: many
// params:
//   $after  int  the last sequence number already read
//   $limit  int  how many entries at most
// columns:
//   seq     int
//   props   map
//   owners  list<any>
// Query-log entries in chain order after $after, for `graph-service audit verify` (R-SEC-5).
MATCH (n:QueryLog)
WHERE n.seq > $after
RETURN n.seq AS seq, properties(n) AS props, [] AS owners
ORDER BY n.seq
LIMIT $limit
