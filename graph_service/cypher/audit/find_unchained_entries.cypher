// name: find_unchained_entries
// mode: read
// returns: many
// params:
//   $limit  int  how many at most
// columns:
//   element_id  string
//   chain       string
//   props       map
//   owners      list<list<string>>
// Audit entries with no sequence number, oldest first: written before the chain existed (the
// V006 migration chains them once) or inserted directly in the database since (R-SEC-5).
MATCH (n:QueryLog|StateChange)
WHERE n.seq IS NULL
RETURN elementId(n) AS element_id, CASE WHEN n:QueryLog THEN 'QueryLog' ELSE 'StateChange'
       END AS chain, properties(n) AS props,
       [(o)-[:HAS_CHANGE]->(n) | [labels(o)[0], coalesce(o.id, o.key)]] AS owners
ORDER BY n.at, element_id
LIMIT $limit
