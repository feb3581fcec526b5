// name: remove_entries
// mode: write
// returns: many
// params:
//   $record_id   string        the repaired record
//   $list_types  list<string>  the list types the entries leave (SERIOUS, JOINT_SANCTION)
//   $removed_on  date          the day the entries stop being in force
// columns:
//   entry   string
//   before  string
// Takes the entries based on the record off the serious and joint sanction lists from
// $removed_on (Art. 46, R-TIME-4) and returns each with its state before, for the
// StateChange the caller chains (R-TIME-5); an entry removed earlier keeps its earlier date.
MATCH (e:ListEntry)-[:BASED_ON]->(:Record {id: $record_id})
MATCH (e)-[:ON]->(l:List)
WHERE l.type IN $list_types AND (e.removed_on IS NULL OR e.removed_on > $removed_on)
WITH e, e.state AS before
SET e.removed_on = $removed_on, e.state = 'removed'
RETURN e.id AS entry, before
ORDER BY entry
