// name: V001_07_measure_code
// mode: schema
// returns: none
// params:
// The measure catalogue (R-LIST-3).
CREATE CONSTRAINT Measure_code_unique IF NOT EXISTS FOR (n:Measure) REQUIRE n.code IS UNIQUE
