// name: append_query_log
// mode: write
// returns: none
// params:
//   $subject_ids  list<string>  the subjects whose data the read returned
//   $actor        string        role and token id of the caller (never a name)
//   $role         string        the caller's role
//   $authority    string        the authority an authority token acts for (Art. 21), or null
//   $outside_remit boolean      the purpose is outside the token holder's stated remit (Art. 22)
//   $purpose      string        the stated purpose (Art. 19), or null
//   $endpoint     string        the route template read
//   $categories   list<string>  the information categories returned
// Appends one query-log entry per known subject (R-SEC-3, R-SEC-5), carrying the subject's
// id: the subject node is only read, never written, so concurrent reads of it go on
// undisturbed. Nothing ever updates these entries.
UNWIND $subject_ids AS sid
MATCH (s:Subject {id: sid})
CREATE (:QueryLog {subject: s.id, at: datetime(), actor: $actor, role: $role,
                   authority: $authority, purpose_outside_remit: $outside_remit,
                   purpose: $purpose, endpoint: $endpoint, categories: $categories})
