// name: find_token
// mode: read
// returns: one
// params:
//   $hash  string  SHA-256 of the presented token
// columns:
//   role        string
//   subject     string?
//   label       string?
//   authority   string?
//   purposes    list<string>?
//   expires_at  datetime?
//   revoked_at  datetime?
//   last_used   datetime?
// What a token is bound to and whether it still works: revoked, expiry, last use.
MATCH (t:ApiToken {hash: $hash})
RETURN t.role AS role, t.subject AS subject, t.label AS label, t.authority AS authority,
       t.purposes AS purposes, t.expires_at AS expires_at, t.revoked_at AS revoked_at,
       t.last_used AS last_used
