// name: dishonesty_in_force
// mode: read
// returns: many
// params:
//   $subject_ids  list<string>  the subjects
//   $as_of        date          the day the answer holds for
//   $disclosures  list<string>  catalogue disclosure attributes the caller may rely on (R-INFO-2)
// The subjects' own dishonesty records in force on $as_of (R-PROP-7 withholds rewards;
// R-TIME-1 five-year window; repaired and revoked records no longer count).
UNWIND $subject_ids AS sid
MATCH (s:Subject {id: sid})-[:HAS_RECORD]->(r:Dishonesty)-[:CLASSIFIED_AS]->(c:CatalogueItem)
WHERE c.disclosure IN $disclosures
  AND r.act_start <= $as_of
  AND (r.revoked_on IS NULL OR r.revoked_on > $as_of)
  AND (r.repaired_on IS NULL OR r.repaired_on > $as_of)
  AND (r.act_end IS NULL OR $as_of < r.act_end + duration({years: 5}))
RETURN s.id AS subject, r.id AS record, r.document AS document
ORDER BY subject, record
