// name: V011_04_commitment_due_on
// mode: schema
// returns: none
// params:
// Commitments found by their due day (the overdue list).
CREATE INDEX Commitment_due_on IF NOT EXISTS FOR (n:Commitment) ON (n.due_on)
