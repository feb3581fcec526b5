// name: export_links_among
// mode: read
// returns: many
// params:
//   $ids    list<string>  the exported subjects
//   $types  list<string>  link types exported
//   $limit  integer       most links returned; the caller asks one more to detect a cut
// columns:
//   type        string
//   source      string
//   target      string
//   ratio       float?
//   valid_from  date
//   valid_to    date?
// Every link between the given subjects whatever its interval, for the exports of generated
// lists: a role reaches a person when held during the act (R-PROP-2), which may be long before
// the list's date, so the explanation's links are exported with their validity.
UNWIND $ids AS sid
MATCH (a:Subject {id: sid})-[r:LEGAL_REPRESENTATIVE_OF|PRINCIPAL_OF|ACTUAL_CONTROLLER_OF|HOLDS_SHARES_IN|BRANCH_OF]->(b:Subject)
WHERE b.id IN $ids AND type(r) IN $types
RETURN type(r) AS type, a.id AS source, b.id AS target, r.ratio AS ratio,
       r.valid_from AS valid_from, r.valid_to AS valid_to
ORDER BY source, target, type, valid_from
LIMIT $limit
