// name: V001_11_schema_version_id
// mode: schema
// returns: none
// params:
// The single node recording the applied schema version.
CREATE CONSTRAINT SchemaVersion_id_unique IF NOT EXISTS FOR (n:SchemaVersion) REQUIRE n.id IS UNIQUE
