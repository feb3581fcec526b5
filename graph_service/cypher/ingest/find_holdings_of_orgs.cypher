// name: find_holdings_of_orgs
// mode: read
// returns: many
// params:
//   $orgs  list<string>  organisation ids (USCC)
// columns:
//   org         string
//   holder      string
//   ratio       float
//   valid_from  date
//   valid_to    date?
// Every stored holding in the given organisations (the per-organisation sum check).
UNWIND $orgs AS org
MATCH (h:Subject)-[r:HOLDS_SHARES_IN]->(o:Subject {id: org})
RETURN o.id AS org, h.id AS holder, r.ratio AS ratio, r.valid_from AS valid_from,
       r.valid_to AS valid_to
