// name: broken_commitments
// mode: read
// returns: many
// params:
//   $subject_ids  list<string>  the subjects screened
//   $matter       string        the matter screened for
//   $as_of        date          the day the answer holds for
// Commitments each subject made and was found on or before $as_of not to have kept (Art.
// 33), for a matter linked to $matter: the same domain, an ancestor or a descendant within
// 10 levels (the rule of R-PROP-4). Information beside the decision, never a sanction.
MATCH (:Matter {code: $matter})-[:IN_DOMAIN]->(dm:Domain)
UNWIND $subject_ids AS sid
MATCH (:Subject {id: sid})-[:MADE]->(c:Commitment)
WHERE c.kept = false AND c.checked_on <= $as_of
MATCH (c)-[:FOR_MATTER]->(:Matter)-[:IN_DOMAIN]->(dc:Domain)
WHERE dc = dm
   OR EXISTS { (dc)-[:SUBDOMAIN_OF]->{1,10}(dm) }
   OR EXISTS { (dm)-[:SUBDOMAIN_OF]->{1,10}(dc) }
RETURN DISTINCT sid AS subject, c.id AS commitment, c.kind AS kind, c.matter_code AS matter,
       c.made_on AS made_on, c.due_on AS due_on, c.checked_on AS checked_on,
       c.verification_document AS document
ORDER BY subject, commitment
