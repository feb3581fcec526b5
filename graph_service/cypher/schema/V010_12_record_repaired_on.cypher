// name: V010_12_record_repaired_on
// mode: schema
// returns: none
// params:
// The daily sweep finds records whose repair takes effect (R-TIME-4).
CREATE INDEX Record_repaired_on IF NOT EXISTS FOR (n:Record) ON (n.repaired_on)
