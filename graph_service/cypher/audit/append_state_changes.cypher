// name: append_state_changes
// mode: write
// returns: none
// params:
//   $entries  list<map>  {owner_label, owner, props}: props are the stored properties, chain fields included
//   $seq      int        the head's sequence number afterwards
//   $hash     string     the head's hash afterwards
//   $seal     string     the head's keyed tag over its sequence number and hash
// Appends chained state changes (R-TIME-5) to the record, list entry, commitment (Art. 33),
// feedback hit (by its key) or deletion they are about. Only graph_service/store/audit.py runs this. An owner that does not exist fails the
// statement (and the writer's transaction) rather than leaving a hole in the chain.
UNWIND $entries AS e
OPTIONAL MATCH (r:Record {id: e.owner}) WHERE e.owner_label = 'Record'
OPTIONAL MATCH (l:ListEntry {id: e.owner}) WHERE e.owner_label = 'ListEntry'
OPTIONAL MATCH (d:Deletion {id: e.owner}) WHERE e.owner_label = 'Deletion'
OPTIONAL MATCH (c:Commitment {id: e.owner}) WHERE e.owner_label = 'Commitment'
OPTIONAL MATCH (h:Hit {key: e.owner}) WHERE e.owner_label = 'Hit'
WITH e, coalesce(r, l, d, c, h) AS owner
CREATE (owner)-[:HAS_CHANGE]->(c:StateChange)
SET c = e.props
WITH count(c) AS appended
MATCH (h:AuditHead {chain: 'StateChange'})
SET h.seq = $seq, h.hash = $hash, h.seal = $seal
