// name: upsert_subjects
// mode: write
// returns: many
// params:
//   $rows  list<map>  {id, label, props: {kind, name, region, masked_id, consent, extra, digest}}
// columns:
//   outcome  string
//   rows     int
// Creates or updates credit subjects (R-SUBJ-1): persons carry only a pseudonym and a mask;
// the kind's label follows the kind (an organisation may change form). A batch names each
// subject once, so new subjects are CREATEd (a concurrent creator trips the id constraint).
UNWIND $rows AS row
OPTIONAL MATCH (old:Subject {id: row.id})
WITH row, old, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.props.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome = 'created'
  CREATE (s:Subject {id: row.id})
  SET s += row.props, s:$(row.label)
}
CALL (row, old, outcome) {
  WITH row, old, outcome WHERE outcome = 'updated'
  SET old += row.props
  REMOVE old:LegalPerson:UnincorporatedOrg:NaturalPerson
  SET old:$(row.label)
}
RETURN outcome, count(*) AS rows
