// name: find_catalogue_items
// mode: read
// returns: many
// params:
//   $keys  list<string>  the keys looked up
// columns:
//   key  string
// The catalogue items among $keys that exist.
UNWIND $keys AS key
MATCH (n:CatalogueItem {code: key})
RETURN n.code AS key
