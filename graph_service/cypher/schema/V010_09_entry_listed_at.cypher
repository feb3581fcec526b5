// name: V010_09_entry_listed_at
// mode: schema
// returns: none
// params:
// The daily sweep finds entries whose listing day has come.
CREATE INDEX ListEntry_listed_at IF NOT EXISTS FOR (n:ListEntry) ON (n.listed_at)
