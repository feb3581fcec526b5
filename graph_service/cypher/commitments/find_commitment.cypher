// name: find_commitment
// mode: read
// returns: one
// params:
//   $id  string  the commitment
// columns:
//   id         string
//   made_on    date
//   authority  string?
// A commitment's dates and the authority holding it, before it is verified.
MATCH (c:Commitment {id: $id})
RETURN c.id AS id, c.made_on AS made_on, c.authority_code AS authority
