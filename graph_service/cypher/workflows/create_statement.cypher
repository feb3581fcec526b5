// name: create_statement
// mode: write
// returns: one
// params:
//   $entry_id  string   the proposed entry
//   $id        string   the new statement's id
//   $text      string   the subject's statement and defence
//   $filed_on  date     the day the office received it
//   $on_time   boolean  whether it came within the statement period
//   $actor     string   who files it (role and token id)
// columns:
//   id  string
// Records the subject's statement and defence against a proposed entry (Art. 28 para. 3).
MATCH (e:ListEntry {id: $entry_id})
CREATE (e)-[:HAS_STATEMENT]->(st:Statement {id: $id, text: $text, filed_on: $filed_on,
  on_time: $on_time, at: datetime(), by: $actor})
RETURN st.id AS id
