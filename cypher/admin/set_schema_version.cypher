// name: set_schema_version
// mode: write
// returns: none
// params:
//   $version  int  the schema version now applied
// Records the applied schema version.
MERGE (v:SchemaVersion {id: 'schema'})
SET v.version = $version, v.applied_at = datetime()
