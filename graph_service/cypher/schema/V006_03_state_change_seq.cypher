// name: V006_03_state_change_seq
// mode: schema
// returns: none
// params:
// State changes walked in chain order by `graph-service audit verify` (R-TIME-5); as V006_02.
CREATE INDEX StateChange_seq IF NOT EXISTS FOR (n:StateChange) ON (n.seq)
