// name: known_subjects
// mode: read
// returns: many
// params:
//   $subject_ids  list<string>  the subjects asked about
//   $matter       string        the matter asked about
// Which of the subjects exist, and whether the matter does, in one round trip: screening
// refuses unknown ones rather than answering `allowed` for something that does not exist.
UNWIND $subject_ids AS sid
OPTIONAL MATCH (s:Subject {id: sid})
RETURN sid AS subject, s IS NOT NULL AS known,
       EXISTS { MATCH (:Matter {code: $matter}) } AS matter_known
