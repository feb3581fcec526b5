// name: measures_published
// mode: read
// returns: many
// params:
//   $codes  list<string>  measure codes
// columns:
//   measure       string
//   published_at  date
// When each measure was published (R-LIST-4), to explain list diffs.
UNWIND $codes AS code
MATCH (x:Measure {code: code})
RETURN x.code AS measure, x.published_at AS published_at
