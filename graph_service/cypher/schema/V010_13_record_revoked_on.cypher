// name: V010_13_record_revoked_on
// mode: schema
// returns: none
// params:
// The daily sweep finds records whose revocation takes effect (R-TIME-2).
CREATE INDEX Record_revoked_on IF NOT EXISTS FOR (n:Record) ON (n.revoked_on)
