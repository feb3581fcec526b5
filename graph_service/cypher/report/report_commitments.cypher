// name: report_commitments
// mode: read
// returns: many
// params:
//   $subject_id  string        the subject reported on
//   $kinds       list<string>  the kinds the caller sees (PUBLIC only for the public role)
// columns:
//   id          string
//   subject     string
//   matter      string
//   kind        string
//   made_on     date
//   content     string
//   due_on      date?
//   authority   string?
//   kept        boolean?
//   checked_on  date?
//   document    string?
//   changes     list<map>
// The credit commitments the subject made and whether each was kept (Art. 33: they enter
// the credit record), with their history.
MATCH (:Subject {id: $subject_id})-[:MADE]->(c:Commitment)
WHERE c.kind IN $kinds
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_CHANGE]->(ch:StateChange)
  WITH ch ORDER BY ch.at
  RETURN collect(ch {.at, .by, .from, .to, .reason}) AS changes
}
RETURN c.id AS id, c.subject_id AS subject, c.matter_code AS matter, c.kind AS kind,
       c.made_on AS made_on, c.content AS content, c.due_on AS due_on,
       c.authority_code AS authority, c.kept AS kept, c.checked_on AS checked_on,
       c.verification_document AS document, changes
ORDER BY c.made_on, c.id
