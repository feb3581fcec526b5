// name: create_token
// mode: write
// returns: none
// params:
//   $hash       string  SHA-256 of the token (the token itself is never stored)
//   $role       string  admin, authority, investigator, subject or public
//   $subject    string  the subject a `subject` token speaks for, else null
//   $label      string  who or what the token is for
//   $authority  string  the authority code an `authority` token acts for, else null
// Stores a new API token's hash with its role.
CREATE (:ApiToken {hash: $hash, role: $role, subject: $subject, label: $label,
                   authority: $authority, created_at: datetime()})
