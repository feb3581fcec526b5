// name: list_tokens
// mode: read
// returns: many
// params:
// columns:
//   id          string
//   label       string?
//   role        string
//   subject     string?
//   authority   string?
//   purposes    list<string>?
//   created_at  datetime
//   expires_at  datetime?
//   last_used   datetime?
//   revoked_at  datetime?
// Every API token, newest first, without its hash: what an administrator reviews (Art. 21).
MATCH (t:ApiToken)
RETURN t.id AS id, t.label AS label, t.role AS role, t.subject AS subject,
       t.authority AS authority, t.purposes AS purposes, t.created_at AS created_at,
       t.expires_at AS expires_at, t.last_used AS last_used, t.revoked_at AS revoked_at
ORDER BY created_at DESC, id
