// name: create_token
// mode: write
// returns: none
// params:
//   $hash        string        SHA-256 of the token (the token itself is never stored)
//   $id          string        the hash's first 12 hex digits: how lists and logs name it
//   $role        string        admin, authority, investigator, subject or public
//   $subject     string?       the subject a `subject` token speaks for, else null
//   $authority   string?       the authority an `authority` token acts for (Art. 21), else null
//   $purposes    list<string>? the Art. 19 purposes in the holder's remit, or null (not stated)
//   $label       string?       who or what the token is for
//   $expires_at  datetime      when the token stops working
// Stores a new API token's hash with its role, binding and expiry.
CREATE (:ApiToken {hash: $hash, id: $id, role: $role, subject: $subject, authority: $authority,
                   purposes: $purposes, label: $label, created_at: datetime(),
                   expires_at: $expires_at})
