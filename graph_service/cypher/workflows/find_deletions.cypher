// name: find_deletions
// mode: read
// returns: many
// params:
//   $record_id  string  the id of a record deleted on request
// columns:
//   id         string
//   record_id  string
//   at         datetime
//   by         string
//   reason     string
// The deletion log entries of a record id (R-TIME-5), newest first: no content, only who,
// when and why.
MATCH (d:Deletion {record_id: $record_id})
RETURN d.id AS id, d.record_id AS record_id, d.at AS at, d.by AS by, d.reason AS reason
ORDER BY at DESC
