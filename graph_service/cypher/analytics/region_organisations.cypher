// name: region_organisations
// mode: read
// returns: many
// params:
//   $region  string   a region code (TJ, TJ-<district>, BJ, HE); TJ also takes its districts
//   $limit   integer  most organisations returned; the caller asks one more to detect a cut
// columns:
//   id      string
//   kind    string
//   name    string
//   region  string
// The organisations registered in a region, the projection that region-bounded analytics
// start from (affiliated groups, ownership cycles, data quality). Ordered by id so that a cut
// projection is the same on every call.
MATCH (o:Subject)
WHERE (o:LegalPerson OR o:UnincorporatedOrg)
  AND (o.region = $region OR o.region STARTS WITH $region + '-')
RETURN o.id AS id, o.kind AS kind, o.name AS name, o.region AS region
ORDER BY id
LIMIT $limit
