// name: read_schema_version
// mode: read
// returns: one
// params:
// The applied schema version (no row before the first migration).
MATCH (v:SchemaVersion {id: 'schema'})
RETURN v.version AS version
