// name: find_watches
// mode: read
// returns: many
// params:
//   $owner  string?  the caller, or null for every watch (the credit office)
// columns:
//   id          string
//   subject     string
//   matter      string
//   label       string
//   reference   string
//   decision    string
//   created_at  datetime
//   owner       string
// The active watches of an owner (or all), oldest first.
MATCH (w:Watch)
WHERE w.active AND ($owner IS NULL OR w.owner = $owner)
RETURN w.id AS id, w.subject AS subject, w.matter AS matter, w.label AS label,
       w.reference AS reference, w.decision AS decision, w.created_at AS created_at,
       w.owner AS owner
ORDER BY created_at, id
