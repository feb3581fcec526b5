// name: delete_watch
// mode: write
// returns: many
// params:
//   $id     string  the watch
//   $owner  string?  the caller, or null for the credit office (any watch)
// columns:
//   id  string
// Stops a watch: no more re-screens reach it (its link to the subject goes); its events stay
// in the feed, and the key is freed so the same watch can be made again.
MATCH (w:Watch {id: $id})
WHERE w.active AND ($owner IS NULL OR w.owner = $owner)
OPTIONAL MATCH (w)-[k:WATCHES]->()
DELETE k
SET w.active = false, w.deleted_at = datetime(), w.key = null
RETURN w.id AS id
