// name: V001_03_domain_code
// mode: schema
// returns: none
// params:
// Domains of the linked-matters hierarchy (R-PROP-4).
CREATE CONSTRAINT Domain_code_unique IF NOT EXISTS FOR (n:Domain) REQUIRE n.code IS UNIQUE
