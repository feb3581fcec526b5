// name: dishonesty_in_force
// mode: read
// returns: many
// params:
//   $subject_ids  list<string>  the subjects
//   $as_of        date          the day the answer holds for
//   $expired_through  date      the last act_end already out of force on $as_of (R-TIME-1)
// columns:
//   subject     string
//   record      string
//   document    string
//   disclosure  string
// The subjects' own dishonesty records in force on $as_of (R-PROP-7 withholds rewards;
// R-TIME-1 five-year window; repaired and revoked records no longer count). Every record counts
// whoever asks (Art. 24, 29); `disclosure` lets the caller hide what its role may not see.
UNWIND $subject_ids AS sid
MATCH (s:Subject {id: sid})-[:HAS_RECORD]->(r:Dishonesty)-[:CLASSIFIED_AS]->(c:CatalogueItem)
WHERE r.act_start <= $as_of
  AND (r.revoked_on IS NULL OR r.revoked_on > $as_of)
  AND (r.repaired_on IS NULL OR r.repaired_on > $as_of)
  AND (r.act_end IS NULL OR r.act_end > $expired_through)
RETURN s.id AS subject, r.id AS record, r.document AS document, c.disclosure AS disclosure
ORDER BY subject, record
