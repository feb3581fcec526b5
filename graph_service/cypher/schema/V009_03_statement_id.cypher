// name: V009_03_statement_id
// mode: schema
// returns: none
// params:
// Statements and defences against proposed entries (Art. 28 para. 3), addressed by id.
CREATE CONSTRAINT Statement_id_unique IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE
