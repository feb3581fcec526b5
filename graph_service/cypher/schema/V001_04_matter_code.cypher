// name: V001_04_matter_code
// mode: schema
// returns: none
// params:
// Matters a measure may restrict (R-PROP-4).
CREATE CONSTRAINT Matter_code_unique IF NOT EXISTS FOR (n:Matter) REQUIRE n.code IS UNIQUE
