// name: set_schema_version
// mode: write
// returns: none
// params:
//   $applied  list<int>  every schema version applied
// Records which schema versions are applied (each migration runs once, even if numbered late).
MERGE (v:SchemaVersion {id: 'schema'})
SET v.applied = $applied, v.version = reduce(top = 0, x IN $applied | CASE WHEN x > top THEN x ELSE top END),
    v.applied_at = datetime()
