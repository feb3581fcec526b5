// name: read_schema_version
// mode: read
// returns: one
// params:
// columns:
//   applied  list<int>
// The schema versions applied so far (no row before the first migration).
MATCH (v:SchemaVersion {id: 'schema'})
RETURN coalesce(v.applied, range(1, coalesce(v.version, 0))) AS applied
