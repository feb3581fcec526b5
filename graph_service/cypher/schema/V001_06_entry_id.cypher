// name: V001_06_entry_id
// mode: schema
// returns: none
// params:
// Entries on lists (R-LIST-1).
CREATE CONSTRAINT ListEntry_id_unique IF NOT EXISTS FOR (n:ListEntry) REQUIRE n.id IS UNIQUE
