// name: issue_report
// mode: write
// returns: one
// params:
//   $subject_id  string   the subject reported on
//   $year        int      the calendar year counted
//   $by_subject  boolean  whether the subject asked for its own report
// columns:
//   issued  int
// Counts a credit report issued to the subject itself (R-SEC-4: two free a year for natural
// persons) and returns how many it has had this year, this one included.
MATCH (s:Subject {id: $subject_id})
FOREACH (_ IN CASE WHEN $by_subject THEN [1] ELSE [] END |
  CREATE (s)<-[:FOR]-(:ReportIssue {at: datetime(), year: $year}))
WITH s
OPTIONAL MATCH (s)<-[:FOR]-(i:ReportIssue {year: $year})
RETURN count(i) AS issued
