// name: find_token
// mode: read
// returns: one
// params:
//   $hash  string  SHA-256 of the presented token
// The role and subject bound to a token, if the token exists.
MATCH (t:ApiToken {hash: $hash})
RETURN t.role AS role, t.subject AS subject, t.label AS label,
       t.authority AS authority
