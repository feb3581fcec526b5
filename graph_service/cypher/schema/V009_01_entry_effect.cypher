// name: V009_01_entry_effect
// mode: schema
// returns: none
// params:
// Entries written before V009 were all confirmed at ingest: each takes effect from its
// listing day, as set_entry_effect.cypher decides for such an entry (Art. 28 para. 3).
// Committed every 10,000 entries (schema files run in auto-commit transactions).
MATCH (e:ListEntry)
WHERE e.effective_from IS NULL AND NOT coalesce(e.state, '') IN ['proposed', 'withdrawn']
CALL (e) {
  SET e.effective_from = e.listed_at
} IN TRANSACTIONS OF 10000 ROWS
