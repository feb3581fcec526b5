// name: overdue_commitments
// mode: read
// returns: many
// params:
//   $authority  string? only those held by this authority code, or null for every one
//   $as_of      date    the day they are overdue on
//   $limit      int     the most returned
// columns:
//   id          string
//   subject     string
//   matter      string
//   kind        string
//   made_on     date
//   content     string
//   due_on      date
//   authority   string?
//   kept        boolean?
//   checked_on  date?
//   document    string?
// Credit commitments (Art. 33) due before $as_of that nobody has verified yet, the longest
// overdue first.
MATCH (c:Commitment)
WHERE c.due_on < $as_of AND c.kept IS NULL
  AND ($authority IS NULL OR c.authority_code = $authority)
RETURN c.id AS id, c.subject_id AS subject, c.matter_code AS matter, c.kind AS kind,
       c.made_on AS made_on, c.content AS content, c.due_on AS due_on,
       c.authority_code AS authority, c.kept AS kept, c.checked_on AS checked_on,
       c.verification_document AS document
ORDER BY c.due_on, c.id
LIMIT $limit
