// name: upsert_subjects
// mode: write
// returns: many
// params:
//   $rows  list<map>  {id, label, props: {kind, name, region, masked_id, consent, extra, digest}}
// Creates or updates credit subjects (R-SUBJ-1): persons carry only a pseudonym and a mask;
// the kind's label follows the kind (an organisation may change form).
UNWIND $rows AS row
OPTIONAL MATCH (old:Subject {id: row.id})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN old.digest = row.props.digest
          THEN 'unchanged' ELSE 'updated' END AS outcome
CALL (row, outcome) {
  WITH row, outcome WHERE outcome <> 'unchanged'
  MERGE (s:Subject {id: row.id})
  SET s += row.props
  REMOVE s:LegalPerson:UnincorporatedOrg:NaturalPerson
  SET s:$(row.label)
}
RETURN outcome, count(*) AS rows
