// name: revoke_token
// mode: write
// returns: many
// params:
//   $id  string  the token's id (first 12 hex digits of its hash)
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
//   revoked_at  datetime
// Revokes a token from now on; revoking again keeps the first revocation's time.
MATCH (t:ApiToken {id: $id})
SET t.revoked_at = coalesce(t.revoked_at, datetime())
RETURN t.id AS id, t.label AS label, t.role AS role, t.subject AS subject,
       t.authority AS authority, t.purposes AS purposes, t.created_at AS created_at,
       t.expires_at AS expires_at, t.last_used AS last_used, t.revoked_at AS revoked_at
