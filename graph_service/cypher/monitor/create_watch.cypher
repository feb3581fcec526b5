// name: create_watch
// mode: write
// returns: one
// params:
//   $id           string        a new watch id (used only if the watch is new)
//   $key          string        owner, subject, matter and reference: one watch each
//   $subject_id   string        the watched subject (known: checked by the caller's screening)
//   $matter       string        the matter granted
//   $owner        string        the caller (role and token id), who sees the watch's events
//   $role         string        the caller's role
//   $disclosures  list<string>  what the owner may rely on (R-INFO-2): its re-screens use it
//   $label        string        the caller's label
//   $reference    string        the permit, contract or case number
//   $decision     string        today's decision
//   $keys         list<string>  today's restriction keys (measure|entry|role|via)
//   $digest       string        the digest of decision and keys: the last known state
// columns:
//   id        string
//   decision  string
// A watch on a subject for a matter (issue 15), linked to the subject so that a change's
// reverse reach finds it; a retried request finds the watch it made (same key).
MATCH (s:Subject {id: $subject_id})
MERGE (w:Watch {key: $key})
ON CREATE SET w.id = $id, w.subject = $subject_id, w.matter = $matter, w.owner = $owner,
              w.role = $role, w.disclosures = $disclosures, w.label = $label,
              w.reference = $reference, w.created_at = datetime(), w.decision = $decision,
              w.keys = $keys, w.digest = $digest, w.version = 0, w.active = true
MERGE (w)-[:WATCHES]->(s)
RETURN w.id AS id, w.decision AS decision
