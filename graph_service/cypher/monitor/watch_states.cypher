// name: watch_states
// mode: read
// returns: many
// params:
//   $ids  list<string>  watch ids
// columns:
//   id           string
//   subject      string
//   matter       string
//   owner        string
//   role         string
//   disclosures  list<string>
//   decision     string
//   digest       string
//   version      int
// What a re-screen needs of each active watch: subject, matter, the owner's disclosures and
// the last known state (digest and version).
UNWIND $ids AS wid
MATCH (w:Watch {id: wid})
WHERE w.active
RETURN w.id AS id, w.subject AS subject, w.matter AS matter, w.owner AS owner,
       w.role AS role, w.disclosures AS disclosures, w.decision AS decision,
       w.digest AS digest, w.version AS version
