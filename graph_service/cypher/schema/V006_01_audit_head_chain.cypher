// name: V006_01_audit_head_chain
// mode: schema
// returns: none
// params:
// One head per audit chain (R-SEC-3, R-SEC-5, R-TIME-5): its last sequence number and hash.
// Unique, so that MERGE on it takes a lock and two writers never start two heads.
CREATE CONSTRAINT AuditHead_chain IF NOT EXISTS FOR (n:AuditHead) REQUIRE n.chain IS UNIQUE
