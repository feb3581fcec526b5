// name: chain_existing_entries
// mode: write
// returns: none
// params:
//   $chain    string     QueryLog or StateChange
//   $entries  list<map>  {element_id, props}: the entry's properties with its chain fields
//   $seq      int        the head's sequence number afterwards
//   $hash     string     the head's hash afterwards
//   $seal     string     the head's keyed tag over its sequence number and hash
// Once, in the V006 migration: entries written before the chain existed get their sequence
// number and hash in the order they were written (docs/DECISIONS.md). Content is unchanged;
// state changes also get the id and kind of the node they hang from, as new ones carry.
UNWIND $entries AS e
MATCH (n)
WHERE elementId(n) = e.element_id AND n.seq IS NULL
SET n += e.props
WITH count(n) AS chained
MATCH (h:AuditHead {chain: $chain})
SET h.seq = $seq, h.hash = $hash, h.seal = $seal
