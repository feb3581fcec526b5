// name: verify_commitment
// mode: write
// returns: one
// params:
//   $id          string   the commitment
//   $kept        boolean  whether it was kept
//   $checked_on  date     the day it was checked
//   $document    string?  the document recording the check, or null
//   $actor       string   who records it (role and token id)
// columns:
//   id          string
//   subject     string
//   matter      string
//   kind        string
//   made_on     date
//   content     string
//   due_on      date?
//   authority   string?
//   kept        boolean
//   checked_on  date
//   document    string?
//   before      string
// Records whether a credit commitment was kept (Art. 33) and returns its state before, for the
// StateChange the caller chains (graph_service/store/audit.py, R-TIME-5): an earlier
// verification stays in the commitment's history.
MATCH (c:Commitment {id: $id})
WITH c, CASE c.kept WHEN true THEN 'KEPT' WHEN false THEN 'BROKEN' ELSE 'UNVERIFIED' END AS before
SET c.kept = $kept, c.checked_on = $checked_on, c.verification_document = $document,
    c.verified_by = $actor, c.verified_at = datetime()
RETURN c.id AS id, c.subject_id AS subject, c.matter_code AS matter, c.kind AS kind,
       c.made_on AS made_on, c.content AS content, c.due_on AS due_on,
       c.authority_code AS authority, c.kept AS kept, c.checked_on AS checked_on,
       c.verification_document AS document, before
