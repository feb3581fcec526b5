// name: V002_01_recognition_key
// mode: schema
// returns: none
// params:
// Mutual-recognition agreements (R-LIST-6), keyed by region, list type and start.
CREATE CONSTRAINT Recognition_key_unique IF NOT EXISTS FOR (n:Recognition) REQUIRE n.key IS UNIQUE
