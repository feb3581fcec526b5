// name: V001_08_authority_code
// mode: schema
// returns: none
// params:
// Providers and implementing authorities.
CREATE CONSTRAINT Authority_code_unique IF NOT EXISTS FOR (n:Authority) REQUIRE n.code IS UNIQUE
