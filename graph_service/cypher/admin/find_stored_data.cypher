// name: find_stored_data
// mode: read
// returns: one
// params:
// columns:
//   found  boolean
// Whether the database holds anything besides its schema version: the bulk load of an empty
// database (loaders/bulk.py) replaces the whole store, so it refuses one that holds data.
RETURN EXISTS { MATCH (n) WHERE NOT n:SchemaVersion } AS found
