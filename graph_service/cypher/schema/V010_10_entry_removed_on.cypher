// name: V010_10_entry_removed_on
// mode: schema
// returns: none
// params:
// The daily sweep finds entries whose removal day has come.
CREATE INDEX ListEntry_removed_on IF NOT EXISTS FOR (n:ListEntry) ON (n.removed_on)
